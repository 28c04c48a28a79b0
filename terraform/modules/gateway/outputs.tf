output "api_id" {
  description = "ID of the HTTP API."
  value       = try(aws_apigatewayv2_api.this[0].id, "")
}

output "api_endpoint" {
  description = "Base URL of the API (the $default stage)."
  value       = try(aws_apigatewayv2_api.this[0].api_endpoint, "")
}

output "api_execution_arn" {
  description = "Execution ARN of the API."
  value       = try(aws_apigatewayv2_api.this[0].execution_arn, "")
}

output "authorizer_id" {
  description = "ID of the JWT authorizer."
  value       = try(aws_apigatewayv2_authorizer.this[0].id, "")
}

output "route_ids" {
  description = "Route IDs by route key."
  value       = { for k, v in aws_apigatewayv2_route.this : k => v.id }
}

output "routes" {
  description = "Route key -> function key: the API this gateway serves."
  value       = local.routes
}

output "vpc_link_id" {
  description = "ID of the VPC link to the GPU service, or empty."
  value       = try(aws_apigatewayv2_vpc_link.this[0].id, "")
}

output "access_log_group_name" {
  description = "Name of the access log group."
  value       = try(aws_cloudwatch_log_group.access[0].name, "")
}
