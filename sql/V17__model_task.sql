-- Embedding models: what a model does (generate: chat and completions; embed: /v1/embeddings),
-- and the worker's in-process ONNX engine, which embeds only.
alter table models add column task varchar(16) not null default 'generate'
  check (task in ('generate', 'embed'));
alter table models drop constraint models_engine_check;
alter table models add constraint models_engine_check
  check (engine in ('vllm', 'llamacpp', 'sim', 'onnx'));
alter table models add constraint models_onnx_embeds check (engine <> 'onnx' or task = 'embed');
-- An embeddings request's usage record.
alter table usage_records drop constraint usage_records_kind_check;
alter table usage_records add constraint usage_records_kind_check
  check (kind in ('chat', 'completion', 'embedding', 'batch', 'tribunal'));
