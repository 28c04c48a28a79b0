data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  create = var.create
  # Built, not read from the resource: the role's policy names the state machine, which names the role.
  state_machine_arn = "arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:stateMachine:${var.name}"
  execution_arns    = "arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:execution:${var.name}:*"
  # The Distributed Map's child executions run under <state machine>/<map run>.
  map_run_arns   = "arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:mapRun:${var.name}/*"
  results_bucket = "arn:${data.aws_partition.current.partition}:s3:::${var.results_bucket}"
}

################################################################################
# The state machine: Distributed Map over the table's rows, then the assembly
################################################################################

resource "aws_sfn_state_machine" "this" {
  count = local.create ? 1 : 0

  name     = var.name
  type     = "STANDARD"
  role_arn = aws_iam_role.this[0].arn
  # Validated by infra/checks (asl-validator and the handler's contract) with sample values.
  definition = templatefile("${path.module}/fan-out.asl.json", {
    function_arn              = var.function_arn
    results_bucket            = var.results_bucket
    results_prefix            = var.results_prefix
    max_concurrency           = var.max_concurrency
    max_input_bytes_per_batch = var.max_input_bytes_per_batch
    # One Distributed Map per delimiter the trigger routes here (its ReaderConfig takes no path).
    readers = { ImputeTabSeparated = "TAB", ImputeCommaSeparated = "COMMA" }
  })
  tags = var.tags

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this[0].arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }
}

resource "aws_cloudwatch_log_group" "this" {
  count = local.create ? 1 : 0

  name              = "/aws/vendedlogs/states/${var.name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

################################################################################
# Role: invoke the function, read the uploads, write the results, run the map's children
################################################################################

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
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

  name               = "${var.name}-states"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "InvokeTheFunction"
    actions   = ["lambda:InvokeFunction"]
    resources = [var.function_arn, "${var.function_arn}:*"]
  }

  statement {
    sid       = "ReadTheUploads"
    actions   = ["s3:GetObject"]
    resources = ["${var.uploads_bucket_arn}/${var.upload_prefix}*"]
  }

  statement {
    sid       = "WriteTheResults"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"]
    resources = ["${local.results_bucket}/${var.results_prefix}*"]
  }

  statement {
    sid       = "RunTheMapChildren"
    actions   = ["states:StartExecution", "states:DescribeExecution", "states:StopExecution"]
    resources = [local.state_machine_arn, local.execution_arns]
  }

  statement {
    sid       = "RedriveTheMapRun"
    actions   = ["states:RedriveExecution", "states:DescribeMapRun", "states:UpdateMapRun"]
    resources = [local.map_run_arns, local.execution_arns]
  }

  dynamic "statement" {
    for_each = length(var.kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "BucketKeys"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = var.kms_key_arns
    }
  }

  # Vended logs: CloudWatch Logs delivery is configured per account, not per log group.
  statement {
    sid = "ExecutionLogs"
    actions = [
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*"]
  }
}

resource "aws_iam_role_policy" "this" {
  count = local.create ? 1 : 0

  name   = "fan-out"
  role   = aws_iam_role.this[0].id
  policy = data.aws_iam_policy_document.this.json
}
