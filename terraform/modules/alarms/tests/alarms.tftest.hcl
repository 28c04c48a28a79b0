# modules/alarms with the mocked AWS provider: errors and throttles of every function, messages in
# every dead-letter queue, API 5xx, all notifying one SNS topic.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix = "coherent-test"
  lambda_function_names = {
    imputation      = "coherent-test-imputation"
    imputation-http = "coherent-test-imputation-http"
  }
  dead_letter_queue_names = {
    imputation-failures = "coherent-test-imputation-dlq"
  }
  coherent_function_names = ["imputation"]
  api_id                  = "a1b2c3d4e5"
  alarm_email_addresses   = ["oncall@example.org"]
}

run "plans_an_alarm_per_function_queue_and_api" {
  command = plan

  assert {
    condition     = toset([for a in aws_cloudwatch_metric_alarm.errors : a.alarm_name]) == toset(["coherent-test-imputation-errors", "coherent-test-imputation-http-errors"]) && length(aws_cloudwatch_metric_alarm.throttles) == 2
    error_message = "Every function has an error alarm and a throttle alarm."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.errors["imputation"].dimensions == tomap({ FunctionName = "coherent-test-imputation" }) && aws_cloudwatch_metric_alarm.errors["imputation"].namespace == "AWS/Lambda"
    error_message = "The error alarm watches its function."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.dead_letters["imputation-failures"].dimensions == tomap({ QueueName = "coherent-test-imputation-dlq" }) && aws_cloudwatch_metric_alarm.dead_letters["imputation-failures"].threshold == 1
    error_message = "One message in a dead-letter queue raises its alarm."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.api_5xx[0].dimensions == tomap({ ApiId = "a1b2c3d4e5", Stage = "$default" })
    error_message = "The API's 5xx alarm watches the given API's default stage."
  }

  assert {
    condition = (
      toset(keys(aws_cloudwatch_metric_alarm.rates)) == toset(["imputation-out-of-distribution", "imputation-diverged-draws"])
      && [for q in aws_cloudwatch_metric_alarm.rates["imputation-out-of-distribution"].metric_query : q.metric[0].metric_name if length(q.metric) > 0] == ["coherent_ood_flagged", "coherent_patients"]
      && one([for q in aws_cloudwatch_metric_alarm.rates["imputation-out-of-distribution"].metric_query : q.metric[0].dimensions if length(q.metric) > 0 && q.id == "part"]) == tomap({ function = "imputation" })
      && aws_cloudwatch_metric_alarm.rates["imputation-out-of-distribution"].threshold == 0.05
    )
    error_message = "The function's out-of-distribution and diverged-draw shares are watched from its own metrics."
  }

  assert {
    condition     = aws_sns_topic.this[0].name == "coherent-test-alarms" && aws_sns_topic_subscription.email["oncall@example.org"].protocol == "email"
    error_message = "The alarms notify one topic with the e-mail subscription."
  }
}

run "applies_with_every_alarm_notifying_the_topic" {
  command = apply

  assert {
    condition = alltrue([for a in concat(values(aws_cloudwatch_metric_alarm.errors), values(aws_cloudwatch_metric_alarm.throttles), values(aws_cloudwatch_metric_alarm.dead_letters), values(aws_cloudwatch_metric_alarm.rates), aws_cloudwatch_metric_alarm.api_5xx) :
    toset(a.alarm_actions) == toset([aws_sns_topic.this[0].arn]) && toset(a.ok_actions) == toset([aws_sns_topic.this[0].arn])])
    error_message = "Every alarm notifies the topic when it fires and when it recovers."
  }

  assert {
    condition     = length(output.alarm_arns) == 8 && output.sns_topic_arn == aws_sns_topic.this[0].arn
    error_message = "Eight alarms (2 errors, 2 throttles, 1 dead-letter queue, 2 rates, 1 API) and the topic in the outputs."
  }
}

run "skips_the_api_alarm_and_topic" {
  command = plan

  variables {
    create_api_alarm = false
    create_sns_topic = false
    alarm_actions    = ["arn:aws:sns:eu-west-1:123456789012:existing"]
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.api_5xx) == 0 && length(aws_sns_topic.this) == 0 && length(aws_sns_topic_subscription.email) == 0
    error_message = "No API alarm and no topic when they are not asked for."
  }

  assert {
    condition     = toset(aws_cloudwatch_metric_alarm.errors["imputation"].alarm_actions) == toset(var.alarm_actions)
    error_message = "The alarms notify the given actions."
  }
}

run "refuses_an_api_alarm_without_api_id" {
  command = plan

  variables {
    api_id = null
  }

  expect_failures = [aws_cloudwatch_metric_alarm.api_5xx]
}
