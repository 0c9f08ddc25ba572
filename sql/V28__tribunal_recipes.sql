-- A tribunal behind a model name: engine tribunal, its recipe (panel, judges, rules) as JSON text.
-- It runs no job of its own, so it needs no weights.
alter table models add column tribunal text;
alter table models drop constraint models_engine_check;
alter table models add constraint models_engine_check
  check (engine in ('vllm', 'llamacpp', 'sim', 'onnx', 'tribunal'));
alter table models drop constraint models_check1;
alter table models add constraint models_weights_given
  check (engine in ('sim', 'tribunal') or weights is not null);
alter table models add constraint models_tribunal_recipe
  check ((engine = 'tribunal') = (tribunal is not null));
