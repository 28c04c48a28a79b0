output "cluster_arn" {
  description = "ARN of the ECS cluster, or empty."
  value       = try(aws_ecs_cluster.this[0].arn, "")
}

output "cluster_name" {
  description = "Name of the ECS cluster, or empty."
  value       = try(aws_ecs_cluster.this[0].name, "")
}

output "alb_arn" {
  description = "ARN of the internal ALB, or empty."
  value       = try(aws_lb.this[0].arn, "")
}

output "alb_dns_name" {
  description = "DNS name of the internal ALB, or empty."
  value       = try(aws_lb.this[0].dns_name, "")
}

output "listener_arn" {
  description = "ARN of the ALB listener the HTTP API integrates with through the VPC link, or empty."
  value       = local.listener_arn
}

output "vpc_link_security_group_id" {
  description = "Security group for the API Gateway VPC link (the ALB admits it only), or empty."
  value       = try(aws_security_group.vpc_link[0].id, "")
}

output "service_names" {
  description = "ECS service names by function key."
  value       = { for k, v in aws_ecs_service.this : k => v.name }
}

output "target_group_arns" {
  description = "ALB target group ARNs by function key."
  value       = { for k, v in aws_lb_target_group.this : k => v.arn }
}

output "task_role_arn" {
  description = "ARN of the tasks' IAM role, or empty."
  value       = try(aws_iam_role.task[0].arn, "")
}

output "autoscaling_group_name" {
  description = "Name of the GPU instances' auto scaling group, or empty."
  value       = try(aws_autoscaling_group.this[0].name, "")
}
