"""Cancel one Cloudflare AI Search indexing job as a reviewable step of `pulumi up`.

Uses the SDK that `pulumi package add ../../plugin` generates (package `pulumi_ragcancel`). Credentials come from
stack config (`pulumi config set --secret ragcancel:cloudflareApiToken ...`) or the environment, never the program.
"""
import pulumi
import pulumi_ragcancel as ragcancel

config = pulumi.Config()

stop = ragcancel.cloudflare.IndexingJobCancellation(
    "stop-reindex",
    instance_id=config.require("instanceId"),
    job_id=config.require("jobId"),
    reason="CHG-1234 stop the accidental full re-index",
    timeout_seconds=300,
    # The plugin honours customTimeouts: the smaller of this and timeout_seconds bounds the wait.
    opts=pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create="2m")),
)

pulumi.export("outcome", stop.outcome)
pulumi.export("phase", stop.phase)
pulumi.export("job_ids", stop.job_ids)
