-- A model's server may run in a container: podman or Apptainer. The image column keeps the image;
-- models that named an image before ran it with Apptainer, and still do.
alter table models add column container_runtime text
  check (container_runtime in ('podman', 'apptainer'));
update models set container_runtime = 'apptainer' where image is not null and image <> '';
alter table models add constraint models_container_has_image
  check (container_runtime is null or (image is not null and image <> ''));
