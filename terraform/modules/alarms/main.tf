locals {
  create    = var.create
  functions = local.create ? var.lambda_function_names : {}
  queues    = local.create ? var.dead_letter_queue_names : {}
  # The functions' own metrics, from their CloudWatch Embedded Metric Format log lines: the share of
  # a period's patients flagged out of distribution, and of its draws that diverged.
  rates = local.create ? merge(
    { for f in var.coherent_function_names : "${f}-out-of-distribution" => {
      function    = f
      numerator   = "coherent_ood_flagged"
      denominator = "coherent_patients"
      threshold   = var.out_of_distribution_rate_threshold
      description = "A larger share than usual of the ${f} function's patients is unlike the training data: a new lab, encoder or file format upstream?"
    } },
    { for f in var.coherent_function_names : "${f}-diverged-draws" => {
      function    = f
      numerator   = "coherent_diverged_draws"
      denominator = "coherent_draws"
      threshold   = var.diverged_draw_rate_threshold
      description = "The ${f} function's draws diverge (variance far beyond the training data's): check the sampler settings requests use."
    } },
  ) : {}
  create_api = local.create && var.create_api_alarm
  actions    = concat(local.create && var.create_sns_topic ? [aws_sns_topic.this[0].arn] : [], var.alarm_actions)
}

resource "aws_sns_topic" "this" {
  count = local.create && var.create_sns_topic ? 1 : 0

  name              = "${var.name_prefix}-alarms"
  kms_master_key_id = var.sns_kms_key_arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  for_each = local.create && var.create_sns_topic ? toset(var.alarm_email_addresses) : toset([])

  topic_arn = aws_sns_topic.this[0].arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each = local.functions

  alarm_name          = "${var.name_prefix}-${each.key}-errors"
  alarm_description   = "The ${each.value} function failed (uncaught errors; poison files are reported, not thrown)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  threshold           = var.error_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  for_each = local.functions

  alarm_name          = "${var.name_prefix}-${each.key}-throttles"
  alarm_description   = "The ${each.value} function was throttled: its reserved concurrency is exhausted."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  threshold           = var.throttle_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  for_each = local.queues

  alarm_name          = "${var.name_prefix}-${each.key}-dead-letters"
  alarm_description   = "Events wait in the dead-letter queue ${each.value}: inspect them and redrive."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  threshold           = var.dead_letter_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "rates" {
  for_each = local.rates

  alarm_name          = "${var.name_prefix}-${each.key}"
  alarm_description   = each.value.description
  evaluation_periods  = var.evaluation_periods
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags

  metric_query {
    id          = "rate"
    expression  = "part / total"
    label       = "${each.value.numerator} / ${each.value.denominator}"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { part = each.value.numerator, total = each.value.denominator }
    content {
      id = metric_query.key
      metric {
        namespace   = var.metrics_namespace
        metric_name = metric_query.value
        dimensions  = { function = each.value.function }
        period      = var.period_seconds
        stat        = "Sum"
      }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  count = local.create_api ? 1 : 0

  alarm_name          = "${var.name_prefix}-api-5xx"
  alarm_description   = "The HTTP API answered 5xx."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = var.api_id, Stage = "$default" }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  threshold           = var.api_5xx_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags

  lifecycle {
    precondition {
      condition     = var.api_id != null
      error_message = "Set api_id (modules/gateway output api_id), or create_api_alarm = false."
    }
  }
}
