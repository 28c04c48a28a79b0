# modules/events with the mocked AWS provider: uploads -> EventBridge -> SQS (with its DLQ) -> function,
# manifests -> EventBridge -> function, and the EventBridge dead-letter queue behind every target.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix = "coherent-test"

  queue_targets = {
    imputation = {
      bucket_name         = "coherent-test-uploads"
      key_prefix          = "uploads/"
      function_name       = "coherent-test-imputation"
      function_arn        = "arn:aws:lambda:eu-west-1:123456789012:function:coherent-test-imputation"
      function_role_name  = "coherent-test-imputation"
      function_timeout    = 300
      maximum_concurrency = 10
    }
  }

  direct_targets = {
    audit = {
      bucket_name   = "coherent-test-models"
      key_prefix    = "models/"
      key_suffix    = "manifest.json"
      function_name = "coherent-test-privacy-audit"
      function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:coherent-test-privacy-audit"
    }
  }
}

run "plans_the_queue_and_direct_wiring" {
  command = plan

  assert {
    condition     = aws_sqs_queue.this["imputation"].name == "coherent-test-imputation-events" && aws_sqs_queue.this["imputation"].visibility_timeout_seconds == 1800
    error_message = "The upload queue is <prefix>-<target>-events with six times the function timeout as visibility timeout."
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.queue["imputation"].event_pattern).detail == { bucket = { name = ["coherent-test-uploads"] }, object = { key = [{ prefix = "uploads/" }] } }
    error_message = "The upload rule matches objects created under the upload prefix of the upload bucket."
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.direct["audit"].event_pattern).detail.object.key == [{ wildcard = "models/*manifest.json" }]
    error_message = "The audit rule matches manifest.json files under models/."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this["imputation"].function_name == var.queue_targets.imputation.function_arn && aws_lambda_event_source_mapping.this["imputation"].batch_size == 1 && aws_lambda_event_source_mapping.this["imputation"].scaling_config[0].maximum_concurrency == 10
    error_message = "The queue drives the function one file at a time, at most maximum_concurrency at once."
  }

  assert {
    condition     = aws_iam_role_policy.consume["imputation"].role == "coherent-test-imputation"
    error_message = "The queue-consuming permissions go to the function's role."
  }

  assert {
    condition     = aws_lambda_permission.direct["audit"].principal == "events.amazonaws.com" && aws_lambda_permission.direct["audit"].function_name == "coherent-test-privacy-audit"
    error_message = "EventBridge may invoke the audit function."
  }

  assert {
    condition     = length(aws_sqs_queue.eventbridge_dlq) == 1 && alltrue([for q in concat(values(aws_sqs_queue.this), values(aws_sqs_queue.dlq), aws_sqs_queue.eventbridge_dlq) : q.sqs_managed_sse_enabled])
    error_message = "Every queue is encrypted, and there is one EventBridge dead-letter queue."
  }
}

run "applies_with_dead_letter_targets" {
  command = apply

  assert {
    condition     = jsondecode(aws_sqs_queue.this["imputation"].redrive_policy) == { deadLetterTargetArn = aws_sqs_queue.dlq["imputation"].arn, maxReceiveCount = 3 }
    error_message = "A message failing three times moves to the queue's dead-letter queue."
  }

  assert {
    condition     = aws_cloudwatch_event_target.queue["imputation"].dead_letter_config[0].arn == aws_sqs_queue.eventbridge_dlq[0].arn && aws_cloudwatch_event_target.direct["audit"].dead_letter_config[0].arn == aws_sqs_queue.eventbridge_dlq[0].arn
    error_message = "Both EventBridge targets put undeliverable events into the EventBridge dead-letter queue."
  }

  assert {
    condition     = aws_cloudwatch_event_target.direct["audit"].arn == var.direct_targets.audit.function_arn && aws_cloudwatch_event_target.queue["imputation"].arn == aws_sqs_queue.this["imputation"].arn
    error_message = "The rules target the queue and the audit function."
  }

  assert {
    condition     = toset(one([for s in data.aws_iam_policy_document.queue["imputation"].statement : one(s.condition).values if s.sid == "EventBridgeRule"])) == toset([aws_cloudwatch_event_rule.queue["imputation"].arn])
    error_message = "Only the upload rule may send to the queue."
  }

  assert {
    condition     = output.dead_letter_queue_names == { imputation = "coherent-test-imputation-events-dlq" } && output.eventbridge_dead_letter_queue_name == "coherent-test-eventbridge-dlq" && length(output.rule_arns) == 2
    error_message = "The outputs name the dead-letter queues (for the alarms) and both rules."
  }
}

run "refuses_a_concurrency_below_two" {
  command = plan

  variables {
    queue_targets = {
      imputation = {
        bucket_name         = "coherent-test-uploads"
        key_prefix          = "uploads/"
        function_name       = "coherent-test-imputation"
        function_arn        = "arn:aws:lambda:eu-west-1:123456789012:function:coherent-test-imputation"
        function_role_name  = "coherent-test-imputation"
        function_timeout    = 300
        maximum_concurrency = 1
      }
    }
  }

  expect_failures = [var.queue_targets]
}
