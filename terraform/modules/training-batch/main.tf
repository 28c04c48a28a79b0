data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  create = var.create
  # Every shard and the assemble job copy the cohort from S3 (the CLI reads a local folder).
  fetch_cohort = "aws s3 cp --recursive --only-show-errors \"$COHERENT_COHORT_URI\" /tmp/cohort"
  # AWS_BATCH_JOB_ARRAY_INDEX is 0-based; --shard is I/N from 1.
  train_script    = "set -eu; ${local.fetch_cohort}; exec coherent train --cohort /tmp/cohort --shard \"$(($AWS_BATCH_JOB_ARRAY_INDEX + 1))/$COHERENT_SHARDS\" --staging \"$COHERENT_STAGING_URI\" $COHERENT_TRAIN_ARGS"
  assemble_script = "set -eu; ${local.fetch_cohort}; exec coherent assemble --staging \"$COHERENT_STAGING_URI\" --cohort /tmp/cohort --out \"$COHERENT_MODELS_URI\" --audit-reference \"$COHERENT_AUDIT_REFERENCE_URI\""
  environment = {
    COHERENT_COHORT_URI  = var.cohort_uri
    COHERENT_STAGING_URI = var.staging_uri
    COHERENT_MODELS_URI  = var.models_uri
    # The set's audit reference (training records): the default sibling of the set unless given.
    COHERENT_AUDIT_REFERENCE_URI = coalesce(var.audit_reference_uri, "${var.models_uri}-audit-reference")
    COHERENT_SHARDS              = tostring(var.shards)
    COHERENT_TRAIN_ARGS          = join(" ", var.train_arguments)
    TF_CPP_MIN_LOG_LEVEL         = "2"
  }
  jobs = local.create ? {
    train    = { script = local.train_script, timeout = var.shard_timeout_seconds }
    assemble = { script = local.assemble_script, timeout = var.assemble_timeout_seconds }
  } : {}
}

################################################################################
# Compute environment: GPU instances from 0, scaled by AWS Batch
################################################################################

data "aws_iam_policy_document" "instance_assume" {
  count = local.create ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "instance" {
  count = local.create ? 1 : 0

  name               = "${var.name}-instance"
  assume_role_policy = data.aws_iam_policy_document.instance_assume[0].json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "instance" {
  count = local.create ? 1 : 0

  role       = aws_iam_role.instance[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
}

resource "aws_iam_instance_profile" "this" {
  count = local.create ? 1 : 0

  name = "${var.name}-instance"
  role = aws_iam_role.instance[0].name
  tags = var.tags
}

resource "aws_security_group" "instances" {
  count = local.create ? 1 : 0

  name        = "${var.name}-instances"
  description = "Training instances: no inbound traffic"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "instances" {
  count = local.create ? 1 : 0

  security_group_id = aws_security_group.instances[0].id
  description       = "ECR, S3, ECS and CloudWatch over HTTPS"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_batch_compute_environment" "this" {
  count = local.create ? 1 : 0

  compute_environment_name = var.name
  type                     = "MANAGED"
  tags                     = var.tags

  compute_resources {
    type                = "EC2"
    allocation_strategy = "BEST_FIT_PROGRESSIVE"
    min_vcpus           = 0
    max_vcpus           = var.max_vcpus
    instance_type       = var.instance_types
    subnets             = var.private_subnet_ids
    security_group_ids  = [aws_security_group.instances[0].id]
    instance_role       = aws_iam_instance_profile.this[0].arn
    tags                = merge(var.tags, { Name = "${var.name}-training" })

    # The ECS GPU-optimized AMI: NVIDIA driver and container toolkit.
    ec2_configuration {
      image_type = "ECS_AL2_NVIDIA"
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_batch_job_queue" "this" {
  count = local.create ? 1 : 0

  name     = var.name
  state    = "ENABLED"
  priority = 1
  tags     = var.tags

  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.this[0].arn
  }
}

################################################################################
# Job definitions: the shards (an array job) and assemble, on the training image
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  count = local.create ? 1 : 0

  name              = "/aws/batch/${var.name}"
  retention_in_days = var.log_retention_in_days
  tags              = var.tags
}

data "aws_iam_policy_document" "task_assume" {
  count = local.create ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  count = local.create ? 1 : 0

  name               = "${var.name}-execution"
  assume_role_policy = data.aws_iam_policy_document.task_assume[0].json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  count = local.create ? 1 : 0

  role       = aws_iam_role.execution[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# The job role's name is fixed (<name>-job) so that a bucket policy can name it before it exists.
resource "aws_iam_role" "job" {
  count = local.create ? 1 : 0

  name               = "${var.name}-job"
  assume_role_policy = data.aws_iam_policy_document.task_assume[0].json
  tags               = var.tags
}

data "aws_iam_policy_document" "job" {
  count = local.create ? 1 : 0

  dynamic "statement" {
    for_each = length(var.s3_read_object_arns) > 0 ? [1] : []

    content {
      sid       = "ReadObjects"
      actions   = ["s3:GetObject"]
      resources = var.s3_read_object_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.s3_write_object_arns) > 0 ? [1] : []

    content {
      sid       = "WriteObjects"
      actions   = ["s3:PutObject"]
      resources = var.s3_write_object_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.s3_list_bucket_arns) > 0 ? [1] : []

    content {
      sid       = "ListBuckets"
      actions   = ["s3:ListBucket"]
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
}

resource "aws_iam_role_policy" "job" {
  count = local.create ? 1 : 0

  name   = "${var.name}-job-least-privilege"
  role   = aws_iam_role.job[0].id
  policy = data.aws_iam_policy_document.job[0].json
}

resource "aws_batch_job_definition" "this" {
  for_each = local.jobs

  name                  = "${var.name}-${each.key}"
  type                  = "container"
  platform_capabilities = ["EC2"]
  propagate_tags        = true
  tags                  = var.tags

  # A shard that dies with its instance (Spot, host failure) is tried again; a failing command is not.
  retry_strategy {
    attempts = var.retry_attempts

    evaluate_on_exit {
      on_status_reason = "Host EC2*"
      action           = "RETRY"
    }

    evaluate_on_exit {
      on_reason = "*"
      action    = "EXIT"
    }
  }

  timeout {
    attempt_duration_seconds = each.value.timeout
  }

  container_properties = jsonencode({
    image            = var.image
    command          = ["/bin/sh", "-c", each.value.script]
    jobRoleArn       = aws_iam_role.job[0].arn
    executionRoleArn = aws_iam_role.execution[0].arn
    resourceRequirements = [
      { type = "VCPU", value = tostring(var.vcpus) },
      { type = "MEMORY", value = tostring(var.memory) },
      { type = "GPU", value = tostring(var.gpus) },
    ]
    environment = [for k, v in local.environment : { name = k, value = v }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this[0].name
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = each.key
      }
    }
  })
}

################################################################################
# One training run: the array job of the shards, then assemble once every shard succeeded
################################################################################

data "aws_iam_policy_document" "states_assume" {
  count = local.create ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "states" {
  count = local.create ? 1 : 0

  name               = "${var.name}-states"
  assume_role_policy = data.aws_iam_policy_document.states_assume[0].json
  tags               = var.tags
}

data "aws_iam_policy_document" "states" {
  count = local.create ? 1 : 0

  statement {
    sid     = "SubmitJobs"
    actions = ["batch:SubmitJob"]
    resources = [
      aws_batch_job_queue.this[0].arn,
      "arn:${data.aws_partition.current.partition}:batch:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:job-definition/${var.name}-*",
    ]
  }

  statement {
    sid       = "FollowJobs"
    actions   = ["batch:DescribeJobs", "batch:TerminateJob"]
    resources = ["arn:${data.aws_partition.current.partition}:batch:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:job/*"]
  }

  # Step Functions' .sync integration waits on Batch through this managed rule.
  statement {
    sid       = "SyncRule"
    actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
    resources = ["arn:${data.aws_partition.current.partition}:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:rule/StepFunctionsGetEventsForBatchJobsRule"]
  }
}

resource "aws_iam_role_policy" "states" {
  count = local.create ? 1 : 0

  name   = "${var.name}-states"
  role   = aws_iam_role.states[0].id
  policy = data.aws_iam_policy_document.states[0].json
}

resource "aws_sfn_state_machine" "this" {
  count = local.create ? 1 : 0

  name     = var.name
  role_arn = aws_iam_role.states[0].arn
  tags     = var.tags

  # Each execution stages under its own prefix (<staging_uri>/<execution name>), so that shards of
  # runs with another config or number of shards never meet; assemble runs only when the array
  # job succeeded, i.e. every shard did, and itself refuses a missing or modified part.
  definition = jsonencode({
    Comment = "Train a model set in ${var.shards} shards on AWS Batch, then assemble and publish it"
    StartAt = "Shards"
    States = {
      Shards = {
        Type     = "Task"
        Resource = "arn:${data.aws_partition.current.partition}:states:::batch:submitJob.sync"
        Parameters = {
          "JobName.$"     = "States.Format('${var.name}-shards-{}', $$.Execution.Name)"
          JobQueue        = aws_batch_job_queue.this[0].arn
          JobDefinition   = aws_batch_job_definition.this["train"].arn
          ArrayProperties = { Size = var.shards }
          ContainerOverrides = {
            Environment = [{ Name = "COHERENT_STAGING_URI", "Value.$" = "States.Format('${var.staging_uri}/{}', $$.Execution.Name)" }]
          }
        }
        Next = "Assemble"
      }
      Assemble = {
        Type     = "Task"
        Resource = "arn:${data.aws_partition.current.partition}:states:::batch:submitJob.sync"
        Parameters = {
          "JobName.$"   = "States.Format('${var.name}-assemble-{}', $$.Execution.Name)"
          JobQueue      = aws_batch_job_queue.this[0].arn
          JobDefinition = aws_batch_job_definition.this["assemble"].arn
          ContainerOverrides = {
            Environment = [{ Name = "COHERENT_STAGING_URI", "Value.$" = "States.Format('${var.staging_uri}/{}', $$.Execution.Name)" }]
          }
        }
        End = true
      }
    }
  })
}
