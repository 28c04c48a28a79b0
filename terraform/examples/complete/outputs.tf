output "api_endpoint" {
  description = "Base URL of the HTTP API (every route needs a bearer token from the JWT issuer)."
  value       = module.gateway.api_endpoint
}

output "bucket_ids" {
  description = "Bucket names by role."
  value       = module.storage.bucket_ids
}

output "models_uri" {
  description = "Where to publish the served model set (`coherent train --out <this>`)."
  value       = local.models_uri
}

output "audit_reference_uri" {
  description = "Where its audit reference goes (`coherent audit-reference --out <this>`)."
  value       = local.audit_reference_uri
}

output "ecr_repository_urls" {
  description = "ECR repository of each function, to push its images to."
  value       = local.repository_urls
}

output "lambda_function_names" {
  description = "Lambda function names by function key."
  value = {
    imputation     = module.imputation.lambda_function_name
    privacy-audit  = module.privacy_audit.lambda_function_name
    prioritization = module.prioritization.lambda_function_name
  }
}

output "alarm_topic_arn" {
  description = "SNS topic the alarms notify."
  value       = module.alarms.sns_topic_arn
}

output "gpu_service_alb_dns_name" {
  description = "Internal DNS name of the GPU service's ALB, or empty."
  value       = module.gpu_service.alb_dns_name
}

output "training_state_machine_arn" {
  description = "State machine of a training run across machines (shards, then assemble), or empty."
  value       = module.training.state_machine_arn
}

output "fan_out_state_machine_arn" {
  description = "The state machine large uploads are imputed by (null when create_fan_out is false)."
  value       = var.create_fan_out ? module.imputation_fan_out.state_machine_arn : null
}
