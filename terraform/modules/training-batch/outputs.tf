output "job_queue_arn" {
  description = "ARN of the job queue, or empty."
  value       = try(aws_batch_job_queue.this[0].arn, "")
}

output "compute_environment_arn" {
  description = "ARN of the GPU compute environment, or empty."
  value       = try(aws_batch_compute_environment.this[0].arn, "")
}

output "job_definition_arns" {
  description = "ARNs of the job definitions: train (the array job of the shards) and assemble."
  value       = { for k, d in aws_batch_job_definition.this : k => d.arn }
}

output "state_machine_arn" {
  description = "ARN of the state machine that runs one training (start an execution per run), or empty."
  value       = try(aws_sfn_state_machine.this[0].arn, "")
}

output "log_group_name" {
  description = "Log group of the jobs, or empty."
  value       = try(aws_cloudwatch_log_group.this[0].name, "")
}

output "job_role_arn" {
  description = "ARN of the role the jobs run with (a writer of the audit reference bucket), or empty."
  value       = try(aws_iam_role.job[0].arn, "")
}

output "environment" {
  description = "Environment of every job: where the cohort, staging, model set and audit reference are, the shards and training arguments (each execution overrides the staging with its own prefix below it)."
  value       = local.create ? local.environment : {}
}
