output "queue_arns" {
  description = "ARNs of the event queues, by target."
  value       = { for k, v in aws_sqs_queue.this : k => v.arn }
}

output "queue_urls" {
  description = "URLs of the event queues, by target."
  value       = { for k, v in aws_sqs_queue.this : k => v.id }
}

output "dead_letter_queue_names" {
  description = "Names of the queues' dead-letter queues, by target."
  value       = { for k, v in aws_sqs_queue.dlq : k => v.name }
}

output "dead_letter_queue_arns" {
  description = "ARNs of the queues' dead-letter queues, by target."
  value       = { for k, v in aws_sqs_queue.dlq : k => v.arn }
}

output "eventbridge_dead_letter_queue_name" {
  description = "Name of the queue receiving events EventBridge could not deliver, or empty."
  value       = try(aws_sqs_queue.eventbridge_dlq[0].name, "")
}

output "eventbridge_dead_letter_queue_arn" {
  description = "ARN of the queue receiving events EventBridge could not deliver, or empty."
  value       = try(aws_sqs_queue.eventbridge_dlq[0].arn, "")
}

output "rule_arns" {
  description = "ARNs of the EventBridge rules, by target."
  value       = merge({ for k, v in aws_cloudwatch_event_rule.queue : k => v.arn }, { for k, v in aws_cloudwatch_event_rule.direct : k => v.arn })
}

output "event_source_mapping_uuids" {
  description = "UUIDs of the SQS event source mappings, by target."
  value       = { for k, v in aws_lambda_event_source_mapping.this : k => v.uuid }
}
