package org.slurmllm.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS root: the OpenAI-compatible API under /v1 and the admin API under /api. */
@ApplicationPath("/")
public class RestApplication extends Application {}
