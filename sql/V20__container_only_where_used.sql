-- V19 made every model with an image an Apptainer one. Before there were runtimes, the templates
-- of engines sim and onnx (the project's worker) never used the image: those models ran without a
-- container and still do. A blank image was no image.
update models set container_runtime = null
 where engine in ('sim', 'onnx') and container_runtime = 'apptainer';
update models set container_runtime = null, image = null
 where image is not null and btrim(image) = '';
