data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  create         = var.create
  queue_targets  = local.create ? var.queue_targets : {}
  direct_targets = local.create ? var.direct_targets : {}
  rule_arn_glob  = "arn:${data.aws_partition.current.partition}:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:rule/${var.name_prefix}-*"
}

################################################################################
# Where EventBridge puts events it could not deliver
################################################################################

resource "aws_sqs_queue" "eventbridge_dlq" {
  count = local.create ? 1 : 0

  name                      = "${var.name_prefix}-eventbridge-dlq"
  message_retention_seconds = var.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

data "aws_iam_policy_document" "eventbridge_dlq" {
  count = local.create ? 1 : 0

  statement {
    sid       = "EventBridgeRulesOfThisStack"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.eventbridge_dlq[0].arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.rule_arn_glob]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.eventbridge_dlq[0].arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "eventbridge_dlq" {
  count = local.create ? 1 : 0

  queue_url = aws_sqs_queue.eventbridge_dlq[0].id
  policy    = data.aws_iam_policy_document.eventbridge_dlq[0].json
}

################################################################################
# Uploads: EventBridge rule -> SQS queue (redrive to a DLQ) -> function
################################################################################

resource "aws_sqs_queue" "dlq" {
  for_each = local.queue_targets

  name                      = "${var.name_prefix}-${each.key}-events-dlq"
  message_retention_seconds = var.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_sqs_queue" "this" {
  for_each = local.queue_targets

  name                       = "${var.name_prefix}-${each.key}-events"
  visibility_timeout_seconds = each.value.function_timeout * 6
  message_retention_seconds  = var.message_retention_seconds
  sqs_managed_sse_enabled    = true
  tags                       = var.tags

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = each.value.max_receive_count
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  for_each = local.queue_targets

  queue_url = aws_sqs_queue.dlq[each.key].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this[each.key].arn]
  })
}

resource "aws_cloudwatch_event_rule" "queue" {
  for_each = local.queue_targets

  name        = "${var.name_prefix}-${each.key}-object-created"
  description = "Objects created under s3://${each.value.bucket_name}/${each.value.key_prefix} -> ${each.value.function_name} (through SQS)"
  tags        = var.tags

  event_pattern = jsonencode({
    source      = ["aws.s3"]
    detail-type = ["Object Created"]
    detail = {
      bucket = { name = [each.value.bucket_name] }
      object = { key = [{ prefix = each.value.key_prefix }] }
    }
  })
}

data "aws_iam_policy_document" "queue" {
  for_each = local.queue_targets

  statement {
    sid       = "EventBridgeRule"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this[each.key].arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.queue[each.key].arn]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.this[each.key].arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  for_each = local.queue_targets

  queue_url = aws_sqs_queue.this[each.key].id
  policy    = data.aws_iam_policy_document.queue[each.key].json
}

resource "aws_cloudwatch_event_target" "queue" {
  for_each = local.queue_targets

  rule      = aws_cloudwatch_event_rule.queue[each.key].name
  target_id = "sqs"
  arn       = aws_sqs_queue.this[each.key].arn

  dead_letter_config {
    arn = aws_sqs_queue.eventbridge_dlq[0].arn
  }

  retry_policy {
    maximum_retry_attempts       = var.eventbridge_maximum_retry_attempts
    maximum_event_age_in_seconds = var.eventbridge_maximum_event_age_in_seconds
  }
}

data "aws_iam_policy_document" "consume" {
  for_each = local.queue_targets

  statement {
    sid       = "ConsumeEvents"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
    resources = [aws_sqs_queue.this[each.key].arn]
  }
}

resource "aws_iam_role_policy" "consume" {
  for_each = local.queue_targets

  name   = "${var.name_prefix}-${each.key}-consume-events"
  role   = each.value.function_role_name
  policy = data.aws_iam_policy_document.consume[each.key].json
}

resource "aws_lambda_event_source_mapping" "this" {
  for_each = local.queue_targets

  event_source_arn                   = aws_sqs_queue.this[each.key].arn
  function_name                      = each.value.function_arn
  batch_size                         = each.value.batch_size
  maximum_batching_window_in_seconds = each.value.maximum_batching_window_in_seconds
  enabled                            = true
  tags                               = var.tags

  scaling_config {
    maximum_concurrency = each.value.maximum_concurrency
  }

  depends_on = [aws_iam_role_policy.consume]
}

################################################################################
# Manifests: EventBridge rule -> function (asynchronous invocation)
################################################################################

resource "aws_cloudwatch_event_rule" "direct" {
  for_each = local.direct_targets

  name        = "${var.name_prefix}-${each.key}-object-created"
  description = "Objects s3://${each.value.bucket_name}/${each.value.key_prefix}*${each.value.key_suffix} -> ${each.value.function_name}"
  tags        = var.tags

  event_pattern = jsonencode({
    source      = ["aws.s3"]
    detail-type = ["Object Created"]
    detail = {
      bucket = { name = [each.value.bucket_name] }
      object = { key = [{ wildcard = "${each.value.key_prefix}*${each.value.key_suffix}" }] }
    }
  })
}

resource "aws_cloudwatch_event_target" "direct" {
  for_each = local.direct_targets

  rule      = aws_cloudwatch_event_rule.direct[each.key].name
  target_id = "lambda"
  arn       = each.value.function_arn

  dead_letter_config {
    arn = aws_sqs_queue.eventbridge_dlq[0].arn
  }

  retry_policy {
    maximum_retry_attempts       = var.eventbridge_maximum_retry_attempts
    maximum_event_age_in_seconds = var.eventbridge_maximum_event_age_in_seconds
  }
}

resource "aws_lambda_permission" "direct" {
  for_each = local.direct_targets

  statement_id  = "${var.name_prefix}-${each.key}-eventbridge"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.direct[each.key].arn
}
