output "lambda_function_arn" {
  description = "ARN of the Lambda function."
  value       = try(aws_lambda_function.this[0].arn, "")
}

output "lambda_function_name" {
  description = "Name of the Lambda function."
  value       = try(aws_lambda_function.this[0].function_name, "")
}

output "lambda_function_invoke_arn" {
  description = "Invoke ARN of the Lambda function (for API Gateway integrations)."
  value       = try(aws_lambda_function.this[0].invoke_arn, "")
}

output "lambda_function_timeout" {
  description = "Timeout of the Lambda function in seconds (SQS visibility timeouts derive from it)."
  value       = var.timeout
}

output "lambda_role_arn" {
  description = "ARN of the function's IAM role."
  value       = try(aws_iam_role.this[0].arn, "")
}

output "lambda_role_name" {
  description = "Name of the function's IAM role (other modules attach their scoped policies to it)."
  value       = try(aws_iam_role.this[0].name, "")
}

output "ecr_repository_url" {
  description = "URL of the ECR repository to push the image to, or empty."
  value       = try(aws_ecr_repository.this[0].repository_url, "")
}

output "ecr_repository_arn" {
  description = "ARN of the ECR repository, or empty."
  value       = try(aws_ecr_repository.this[0].arn, "")
}

output "image_uri" {
  description = "The image the function runs."
  value       = local.image_uri
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue (on-failure destination), or empty."
  value       = try(aws_sqs_queue.dlq[0].arn, "")
}

output "dead_letter_queue_name" {
  description = "Name of the dead-letter queue, or empty."
  value       = try(aws_sqs_queue.dlq[0].name, "")
}

output "cloudwatch_log_group_name" {
  description = "Name of the function's log group."
  value       = try(aws_cloudwatch_log_group.this[0].name, "")
}

output "http_function_name" {
  description = "Name of the HTTP twin (empty when `create_http_function` is false)."
  value       = try(aws_lambda_function.http[0].function_name, "")
}

output "http_function_invoke_arn" {
  description = "Invoke ARN of the HTTP twin (for API Gateway integrations)."
  value       = try(aws_lambda_function.http[0].invoke_arn, "")
}
