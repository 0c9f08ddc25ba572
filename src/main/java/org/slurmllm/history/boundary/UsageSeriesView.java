package org.slurmllm.history.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.slurmllm.history.entity.UsagePoint;

/** Usage in time buckets between two instants, oldest first. */
@Schema(name = "UsageSeries")
@JsonbPropertyOrder({"object", "from", "to", "bucketSeconds", "groupBy", "data"})
public record UsageSeriesView(
    @Schema(example = "usage.series") String object,
    @Schema(description = "ISO-8601") String from,
    @Schema(description = "ISO-8601") String to,
    long bucketSeconds,
    @Schema(enumeration = {"none", "model", "tenant", "key"}) String groupBy,
    List<UsagePoint> data) {}
