data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  create          = var.create
  create_ecr      = local.create && var.create_ecr_repository
  create_dlq      = local.create && var.create_dead_letter_queue
  repository_name = coalesce(var.ecr_repository_name, var.function_name)
  image_uri       = var.image_uri != null ? var.image_uri : "${try(aws_ecr_repository.this[0].repository_url, "")}:${coalesce(var.image_tag, "unset")}"
  on_failure_arn  = local.create_dlq ? try(aws_sqs_queue.dlq[0].arn, null) : var.on_failure_destination_arn
  log_group_name  = "/aws/lambda/${var.function_name}"
  log_group_arn   = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:${local.log_group_name}"

  # The HTTP twin: the same build's `http` image target (Lambda Web Adapter in front of Quarkus's
  # HTTP server), because the event handler bean cannot also take API Gateway events.
  create_http        = local.create && var.create_http_function
  http_function_name = "${var.function_name}-http"
  http_image_uri     = var.http_image_uri != null ? var.http_image_uri : "${try(aws_ecr_repository.this[0].repository_url, "")}:${coalesce(var.http_image_tag, "unset")}"
  http_log_group     = "/aws/lambda/${local.http_function_name}"
  http_log_group_arn = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:${local.http_log_group}"

  # What every event function needs on Lambda: no HTTP listener, quiet TF natives
  # (the handler bean defaults to the image's quarkus.lambda.handler).
  environment = merge({
    QUARKUS_HTTP_HOST_ENABLED = "false"
    TF_CPP_MIN_LOG_LEVEL      = "2"
  }, var.lambda_handler == null ? {} : { QUARKUS_LAMBDA_HANDLER = var.lambda_handler }, var.environment_variables)
}

################################################################################
# ECR repository the image is pushed to
################################################################################

resource "aws_ecr_repository" "this" {
  count = local.create_ecr ? 1 : 0

  name                 = local.repository_name
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.ecr_force_delete
  tags                 = var.tags

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  count = local.create_ecr ? 1 : 0

  repository = aws_ecr_repository.this[0].name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last ${var.ecr_keep_images} images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = var.ecr_keep_images
      }
      action = { type = "expire" }
    }]
  })
}

################################################################################
# Dead-letter queue: the on-failure destination of asynchronous invocations
################################################################################

resource "aws_sqs_queue" "dlq" {
  count = local.create_dlq ? 1 : 0

  name                      = "${var.function_name}-dlq"
  message_retention_seconds = var.dead_letter_queue_message_retention_seconds
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

data "aws_iam_policy_document" "dlq" {
  count = local.create_dlq ? 1 : 0

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.dlq[0].arn]

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

resource "aws_sqs_queue_policy" "dlq" {
  count = local.create_dlq ? 1 : 0

  queue_url = aws_sqs_queue.dlq[0].id
  policy    = data.aws_iam_policy_document.dlq[0].json
}

################################################################################
# Logs
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  count = local.create ? 1 : 0

  name              = local.log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "http" {
  count = local.create_http ? 1 : 0

  name              = local.http_log_group
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

################################################################################
# IAM: least privilege, every statement scoped to named resources
################################################################################

data "aws_iam_policy_document" "assume" {
  count = local.create ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "this" {
  count = local.create ? 1 : 0

  name               = var.function_name
  assume_role_policy = data.aws_iam_policy_document.assume[0].json
  tags               = var.tags
}

data "aws_iam_policy_document" "this" {
  count = local.create ? 1 : 0

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = concat(["${local.log_group_arn}:*"], local.create_http ? ["${local.http_log_group_arn}:*"] : [])
  }

  dynamic "statement" {
    for_each = local.on_failure_arn == null ? [] : [local.on_failure_arn]

    content {
      sid       = "SendFailedEvents"
      actions   = ["sqs:SendMessage", "sns:Publish", "lambda:InvokeFunction"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.tracing_mode == "Active" ? [1] : []

    content {
      sid       = "WriteTraces"
      actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = length(var.s3_read_object_arns) > 0 ? [1] : []

    content {
      sid       = "ReadObjects"
      actions   = ["s3:GetObject", "s3:GetObjectVersion"]
      resources = var.s3_read_object_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.s3_write_object_arns) > 0 ? [1] : []

    content {
      sid       = "WriteObjects"
      actions   = ["s3:PutObject", "s3:DeleteObject"]
      resources = var.s3_write_object_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.s3_list_bucket_arns) > 0 ? [1] : []

    content {
      sid       = "ListBuckets"
      actions   = ["s3:ListBucket", "s3:ListBucketVersions"]
      resources = var.s3_list_bucket_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.kms_key_arns) > 0 ? [1] : []

    content {
      sid       = "UseDataKeys"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = var.kms_key_arns
    }
  }

  dynamic "statement" {
    for_each = var.policy_statements

    content {
      sid       = statement.key
      effect    = statement.value.effect
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "this" {
  count = local.create ? 1 : 0

  name   = "${var.function_name}-least-privilege"
  role   = aws_iam_role.this[0].id
  policy = data.aws_iam_policy_document.this[0].json
}

################################################################################
# Lambda function from the container image
################################################################################

resource "aws_lambda_function" "this" {
  count = local.create ? 1 : 0

  function_name                  = var.function_name
  description                    = var.description
  role                           = aws_iam_role.this[0].arn
  package_type                   = "Image"
  image_uri                      = local.image_uri
  architectures                  = var.architectures
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions
  tags                           = var.tags

  ephemeral_storage {
    size = var.ephemeral_storage_size
  }

  environment {
    variables = local.environment
  }

  dynamic "image_config" {
    for_each = var.image_command == null ? [] : [var.image_command]

    content {
      command = image_config.value
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this[0].name
  }

  tracing_config {
    mode = var.tracing_mode
  }

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.this]

  lifecycle {
    precondition {
      condition     = var.image_uri != null || var.image_tag != null
      error_message = "Set image_tag (pushed to the created repository) or image_uri."
    }
    precondition {
      condition     = local.on_failure_arn != null
      error_message = "Set create_dead_letter_queue = true or on_failure_destination_arn: every function needs an on-failure destination."
    }
  }
}

resource "aws_lambda_function_event_invoke_config" "this" {
  count = local.create ? 1 : 0

  function_name                = aws_lambda_function.this[0].function_name
  maximum_retry_attempts       = var.maximum_retry_attempts
  maximum_event_age_in_seconds = var.maximum_event_age_in_seconds

  destination_config {
    on_failure {
      destination = local.on_failure_arn
    }
  }
}

################################################################################
# HTTP twin: the API routes (API Gateway -> Lambda Web Adapter -> Quarkus HTTP)
################################################################################

resource "aws_lambda_function" "http" {
  count = local.create_http ? 1 : 0

  function_name                  = local.http_function_name
  description                    = "${var.description} (HTTP API)"
  role                           = aws_iam_role.this[0].arn
  package_type                   = "Image"
  image_uri                      = local.http_image_uri
  architectures                  = var.architectures
  memory_size                    = var.memory_size
  timeout                        = var.http_timeout
  reserved_concurrent_executions = var.http_reserved_concurrent_executions
  tags                           = var.tags

  ephemeral_storage {
    size = var.ephemeral_storage_size
  }

  environment {
    # The adapter waits for readiness (model set loaded) before it takes the first request.
    variables = merge({
      AWS_LWA_PORT                 = "8080"
      AWS_LWA_READINESS_CHECK_PATH = "/q/health/ready"
      TF_CPP_MIN_LOG_LEVEL         = "2"
    }, var.environment_variables)
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.http[0].name
  }

  tracing_config {
    mode = var.tracing_mode
  }

  depends_on = [aws_cloudwatch_log_group.http, aws_iam_role_policy.this]

  lifecycle {
    precondition {
      condition     = var.http_image_uri != null || var.http_image_tag != null
      error_message = "Set http_image_tag (the image's `http` target, pushed to the created repository) or http_image_uri."
    }
  }
}

# API Gateway calls synchronously, so this only matters for direct asynchronous invocations; it
# keeps the rule "every function has an on-failure destination" true without exceptions.
resource "aws_lambda_function_event_invoke_config" "http" {
  count = local.create_http ? 1 : 0

  function_name          = aws_lambda_function.http[0].function_name
  maximum_retry_attempts = 0

  destination_config {
    on_failure {
      destination = local.on_failure_arn
    }
  }
}
