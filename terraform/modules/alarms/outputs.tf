output "sns_topic_arn" {
  description = "ARN of the SNS topic the alarms notify, or empty."
  value       = try(aws_sns_topic.this[0].arn, "")
}

output "alarm_arns" {
  description = "ARNs of every alarm, by name."
  value = merge(
    { for v in values(aws_cloudwatch_metric_alarm.errors) : v.alarm_name => v.arn },
    { for v in values(aws_cloudwatch_metric_alarm.throttles) : v.alarm_name => v.arn },
    { for v in values(aws_cloudwatch_metric_alarm.dead_letters) : v.alarm_name => v.arn },
    { for v in values(aws_cloudwatch_metric_alarm.rates) : v.alarm_name => v.arn },
    { for v in aws_cloudwatch_metric_alarm.api_5xx : v.alarm_name => v.arn },
  )
}
