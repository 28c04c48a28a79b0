output "state_machine_arn" {
  description = "ARN of the state machine (COHERENT_UPLOAD_DISTRIBUTED_STATE_MACHINE_ARN of the imputation function)."
  # The ARN the function's environment is built from (examples/complete), known at plan time.
  value      = local.state_machine_arn
  depends_on = [aws_sfn_state_machine.this]
}

output "definition" {
  description = "The rendered Amazon States Language definition."
  value       = try(aws_sfn_state_machine.this[0].definition, null)
}

output "role_arn" {
  description = "ARN of the state machine's role."
  value       = try(aws_iam_role.this[0].arn, null)
}

output "log_group_name" {
  description = "Log group of the state machine's executions (errors only, without execution data: no patient values)."
  value       = try(aws_cloudwatch_log_group.this[0].name, null)
}
