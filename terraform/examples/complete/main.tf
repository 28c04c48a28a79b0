provider "aws" {
  region = var.region

  default_tags {
    tags = merge({ Project = "coherent-denoising", Stack = var.name }, var.tags)
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # Role names are the function names (modules/function), so the audit reference bucket policy can
  # name the audit function's role before the role exists.
  function_names = {
    imputation     = "${var.name}-imputation"
    privacy-audit  = "${var.name}-privacy-audit"
    prioritization = "${var.name}-prioritization"
  }
  audit_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/${local.function_names["privacy-audit"]}"
  # The GPU tasks' role (modules/gpu-service names it <name>-task); it reads the audit reference
  # only when the audit runs on the GPU service.
  gpu_name          = "${var.name}-gpu"
  gpu_task_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/${local.gpu_name}-task"
  gpu_audits        = var.create_gpu_service && contains(var.gpu_service_functions, "privacy-audit")
  # The training jobs' role (modules/training-batch names it <name>-job) writes the audit reference.
  training_name         = "${var.name}-training"
  training_job_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/${local.training_name}-job"
  training_staging      = "staging/${var.model_set_prefix}"

  # Built, not read from modules/fan-out, which takes the imputation function's ARN in turn.
  fan_out_name = "${var.name}-imputation-fan-out"
  fan_out_arn  = "arn:${local.partition}:states:${var.region}:${local.account_id}:stateMachine:${local.fan_out_name}"

  models_bucket          = module.storage.models_bucket_id
  uploads_bucket         = module.storage.uploads_bucket_id
  outputs_bucket         = module.storage.outputs_bucket_id
  audit_reference_bucket = module.storage.audit_reference_bucket_id
  models_uri             = "s3://${local.models_bucket}/${var.model_set_prefix}"
  audit_reference_uri    = "s3://${local.audit_reference_bucket}/${var.model_set_prefix}-audit-reference"

  repository_urls = {
    imputation     = module.imputation.ecr_repository_url
    privacy-audit  = module.privacy_audit.ecr_repository_url
    prioritization = module.prioritization.ecr_repository_url
  }
  # The ALB paths of each function when it runs on the GPU service (the gateway routes of modules/gateway).
  gpu_path_patterns = {
    imputation     = ["/v1/impute", "/v1/models"]
    privacy-audit  = ["/v1/audits", "/v1/audits/*"]
    prioritization = ["/v1/prioritize"]
  }

  # The settings every function shares (the coherent.* keys as environment variables).
  common_environment = {
    COHERENT_MODELS_URI           = local.models_uri
    COHERENT_MODELS_CACHE_DIR     = "/tmp/coherent-cache"
    COHERENT_UPLOAD_OUTPUT_BUCKET = local.outputs_bucket
    COHERENT_UPLOAD_ERROR_PREFIX  = "errors/"
    COHERENT_UPLOAD_WORK_DIR      = "/tmp"
  }
}

################################################################################
# Storage: models (versioned), uploads, outputs, audit reference; SSE-KMS, TLS only
################################################################################

module "storage" {
  source = "../../modules/storage"

  name_prefix                 = var.name
  force_destroy               = var.force_destroy
  upload_expiration_days      = var.upload_expiration_days
  output_expiration_days      = var.output_expiration_days
  audit_reference_reader_arns = concat([local.audit_role_arn], local.gpu_audits ? [local.gpu_task_role_arn] : [])
  audit_reference_writer_arns = concat(var.audit_reference_writer_arns, var.create_training ? [local.training_job_role_arn] : [])
}

################################################################################
# Functions: one container image each, pushed to the repository the module creates
################################################################################

module "imputation" {
  source = "../../modules/function"

  function_name                  = local.function_names["imputation"]
  description                    = "Imputes uploaded cohort tables (S3 -> EventBridge -> SQS)"
  lambda_handler                 = "imputation-s3"
  image_tag                      = var.image_tags["imputation"]
  create_http_function           = true
  http_image_tag                 = "${var.image_tags["imputation"]}-http"
  memory_size                    = var.function_settings["imputation"].memory_size
  timeout                        = var.function_settings["imputation"].timeout
  ephemeral_storage_size         = var.function_settings["imputation"].ephemeral_storage_size
  reserved_concurrent_executions = var.function_settings["imputation"].reserved_concurrent_executions
  log_retention_in_days          = var.log_retention_in_days

  environment_variables = merge(local.common_environment, {
    COHERENT_UPLOAD_INPUT_PREFIX  = var.upload_prefix
    COHERENT_UPLOAD_OUTPUT_PREFIX = "imputed/"
    }, var.create_fan_out ? {
    # Large uploads go to the fan-out state machine (modules/fan-out) instead of being imputed inline.
    COHERENT_UPLOAD_DISTRIBUTED_STATE_MACHINE_ARN = local.fan_out_arn
    COHERENT_UPLOAD_DISTRIBUTED_THRESHOLD_ROWS    = tostring(var.fan_out_threshold_rows)
    COHERENT_UPLOAD_DISTRIBUTED_BATCH_BYTES       = tostring(var.fan_out_max_input_bytes_per_batch)
  } : {})

  s3_read_object_arns = [
    "${module.storage.models_bucket_arn}/${var.model_set_prefix}/*",
    "${module.storage.uploads_bucket_arn}/${var.upload_prefix}*",
    "${module.storage.outputs_bucket_arn}/imputed/*",
    "${module.storage.outputs_bucket_arn}/errors/*",
    "${module.storage.outputs_bucket_arn}/parts/*",
  ]
  s3_write_object_arns = [
    "${module.storage.outputs_bucket_arn}/imputed/*",
    "${module.storage.outputs_bucket_arn}/errors/*",
    "${module.storage.outputs_bucket_arn}/parts/*",
  ]
  s3_list_bucket_arns = [module.storage.models_bucket_arn, module.storage.uploads_bucket_arn, module.storage.outputs_bucket_arn]
  kms_key_arns        = [module.storage.kms_key_arn]
  policy_statements = var.create_fan_out ? {
    StartTheFanOut = { actions = ["states:StartExecution"], resources = [local.fan_out_arn] }
  } : {}
}

# Large uploads: a Distributed Map over the table's rows, each batch imputed by the function above,
# then assembled by it into the same outputs (docs/results/large-uploads.md).
module "imputation_fan_out" {
  source = "../../modules/fan-out"

  create                    = var.create_fan_out
  name                      = local.fan_out_name
  function_arn              = module.imputation.lambda_function_arn
  uploads_bucket_arn        = module.storage.uploads_bucket_arn
  upload_prefix             = var.upload_prefix
  results_bucket            = local.outputs_bucket
  kms_key_arns              = [module.storage.kms_key_arn]
  max_concurrency           = var.fan_out_max_concurrency
  max_input_bytes_per_batch = var.fan_out_max_input_bytes_per_batch
  log_retention_in_days     = var.log_retention_in_days
  tags                      = var.tags
}

module "privacy_audit" {
  source = "../../modules/function"

  function_name                  = local.function_names["privacy-audit"]
  description                    = "Audits a model set when its manifest.json is uploaded"
  image_tag                      = var.image_tags["privacy-audit"]
  create_http_function           = true
  http_image_tag                 = "${var.image_tags["privacy-audit"]}-http"
  memory_size                    = var.function_settings["privacy-audit"].memory_size
  timeout                        = var.function_settings["privacy-audit"].timeout
  ephemeral_storage_size         = var.function_settings["privacy-audit"].ephemeral_storage_size
  reserved_concurrent_executions = var.function_settings["privacy-audit"].reserved_concurrent_executions
  log_retention_in_days          = var.log_retention_in_days

  # HTTP audits write their reports where the role may write (outputs/audits/*).
  environment_variables = merge(local.common_environment, {
    COHERENT_AUDIT_REFERENCE_URI  = local.audit_reference_uri
    COHERENT_AUDIT_OUTPUT_URI     = "s3://${local.outputs_bucket}/audits"
    COHERENT_UPLOAD_INPUT_PREFIX  = "${dirname(var.model_set_prefix)}/"
    COHERENT_UPLOAD_OUTPUT_PREFIX = "audits/"
  })

  s3_read_object_arns = [
    "${module.storage.models_bucket_arn}/*",
    "${module.storage.audit_reference_bucket_arn}/*",
    "${module.storage.outputs_bucket_arn}/audits/*",
  ]
  s3_write_object_arns = [
    "${module.storage.outputs_bucket_arn}/audits/*",
    "${module.storage.outputs_bucket_arn}/errors/*",
  ]
  s3_list_bucket_arns = [module.storage.models_bucket_arn, module.storage.audit_reference_bucket_arn, module.storage.outputs_bucket_arn]
  kms_key_arns        = [module.storage.kms_key_arn]
}

module "prioritization" {
  source = "../../modules/function"

  function_name                  = local.function_names["prioritization"]
  description                    = "Prioritizes the patients of uploaded cohort files"
  image_tag                      = var.image_tags["prioritization"]
  create_http_function           = true
  http_image_tag                 = "${var.image_tags["prioritization"]}-http"
  memory_size                    = var.function_settings["prioritization"].memory_size
  timeout                        = var.function_settings["prioritization"].timeout
  ephemeral_storage_size         = var.function_settings["prioritization"].ephemeral_storage_size
  reserved_concurrent_executions = var.function_settings["prioritization"].reserved_concurrent_executions
  log_retention_in_days          = var.log_retention_in_days

  environment_variables = merge(local.common_environment, {
    COHERENT_UPLOAD_INPUT_PREFIX  = var.cohort_prefix
    COHERENT_UPLOAD_OUTPUT_PREFIX = "prioritized/"
  })

  s3_read_object_arns = [
    "${module.storage.models_bucket_arn}/${var.model_set_prefix}/*",
    "${module.storage.uploads_bucket_arn}/${var.cohort_prefix}*",
    "${module.storage.outputs_bucket_arn}/prioritized/*",
    "${module.storage.outputs_bucket_arn}/errors/*",
  ]
  s3_write_object_arns = [
    "${module.storage.outputs_bucket_arn}/prioritized/*",
    "${module.storage.outputs_bucket_arn}/errors/*",
  ]
  s3_list_bucket_arns = [module.storage.models_bucket_arn, module.storage.uploads_bucket_arn, module.storage.outputs_bucket_arn]
  kms_key_arns        = [module.storage.kms_key_arn]
}

################################################################################
# Events: uploads -> EventBridge -> SQS -> imputation / prioritization; manifest -> audit
################################################################################

module "events" {
  source = "../../modules/events"

  name_prefix = var.name

  queue_targets = {
    imputation = {
      bucket_name                        = local.uploads_bucket
      key_prefix                         = var.upload_prefix
      function_name                      = module.imputation.lambda_function_name
      function_arn                       = module.imputation.lambda_function_arn
      function_role_name                 = module.imputation.lambda_role_name
      function_timeout                   = module.imputation.lambda_function_timeout
      batch_size                         = var.upload_batch_size
      maximum_batching_window_in_seconds = var.upload_batching_window_in_seconds
      maximum_concurrency                = var.upload_maximum_concurrency
    }
    prioritization = {
      bucket_name        = local.uploads_bucket
      key_prefix         = var.cohort_prefix
      function_name      = module.prioritization.lambda_function_name
      function_arn       = module.prioritization.lambda_function_arn
      function_role_name = module.prioritization.lambda_role_name
      function_timeout   = module.prioritization.lambda_function_timeout
    }
  }

  direct_targets = {
    audit = {
      bucket_name   = local.models_bucket
      key_prefix    = "${dirname(var.model_set_prefix)}/"
      key_suffix    = "manifest.json"
      function_name = module.privacy_audit.lambda_function_name
      function_arn  = module.privacy_audit.lambda_function_arn
    }
  }
}

################################################################################
# Optional GPU service (ECS on EC2 GPU instances) behind an internal ALB
################################################################################

module "gpu_service" {
  source = "../../modules/gpu-service"

  create              = var.create_gpu_service
  name                = local.gpu_name
  vpc_id              = var.vpc_id
  private_subnet_ids  = var.private_subnet_ids
  instance_type       = var.gpu_instance_type
  asg_max_size        = var.gpu_max_instances
  alb_certificate_arn = var.gpu_alb_certificate_arn

  # The GPU image of a function goes to the function's repository, tagged apart (e.g. <commit>-gpu).
  services = !var.create_gpu_service ? {} : {
    for fn in var.gpu_service_functions : fn => {
      image         = "${local.repository_urls[fn]}:${lookup(var.gpu_image_tags, fn, "unset")}"
      path_patterns = local.gpu_path_patterns[fn]
      max_count     = var.gpu_max_instances
      environment = merge(local.common_environment, fn == "privacy-audit" ? {
        COHERENT_AUDIT_REFERENCE_URI = local.audit_reference_uri
      } : {})
    }
  }

  task_s3_read_object_arns = concat(
    ["${module.storage.models_bucket_arn}/${var.model_set_prefix}/*"],
    local.gpu_audits ? ["${module.storage.audit_reference_bucket_arn}/*", "${module.storage.outputs_bucket_arn}/audits/*"] : [],
  )
  task_s3_write_object_arns = local.gpu_audits ? ["${module.storage.outputs_bucket_arn}/audits/*"] : []
  task_s3_list_bucket_arns  = [module.storage.models_bucket_arn, module.storage.audit_reference_bucket_arn, module.storage.outputs_bucket_arn]
  task_kms_key_arns         = [module.storage.kms_key_arn]
}

################################################################################
# Optional training across machines: AWS Batch on GPU instances, shards then assemble
################################################################################

module "training" {
  source = "../../modules/training-batch"

  create             = var.create_training
  name               = local.training_name
  vpc_id             = var.vpc_id
  private_subnet_ids = var.private_subnet_ids
  instance_types     = [var.gpu_instance_type]
  image              = var.training_image
  shards             = var.training_shards
  train_arguments    = var.training_arguments

  cohort_uri          = "s3://${local.uploads_bucket}/${var.training_cohort_prefix}"
  staging_uri         = "s3://${local.models_bucket}/${local.training_staging}"
  models_uri          = local.models_uri
  audit_reference_uri = local.audit_reference_uri

  s3_read_object_arns = [
    "${module.storage.uploads_bucket_arn}/${var.training_cohort_prefix}/*",
    "${module.storage.models_bucket_arn}/${local.training_staging}/*",
  ]
  s3_write_object_arns = [
    "${module.storage.models_bucket_arn}/${local.training_staging}/*",
    "${module.storage.models_bucket_arn}/${var.model_set_prefix}/*",
    "${module.storage.audit_reference_bucket_arn}/${var.model_set_prefix}-audit-reference/*",
  ]
  s3_list_bucket_arns = [module.storage.models_bucket_arn, module.storage.uploads_bucket_arn]
  kms_key_arns        = [module.storage.kms_key_arn]
}

################################################################################
# HTTP API: JWT on every route; Lambdas, or the GPU service through a VPC link
################################################################################

module "gateway" {
  source = "../../modules/gateway"

  name         = var.name
  jwt_issuer   = var.jwt_issuer
  jwt_audience = var.jwt_audience

  lambda_integrations = {
    imputation     = { function_name = module.imputation.http_function_name, invoke_arn = module.imputation.http_function_invoke_arn }
    privacy-audit  = { function_name = module.privacy_audit.http_function_name, invoke_arn = module.privacy_audit.http_function_invoke_arn }
    prioritization = { function_name = module.prioritization.http_function_name, invoke_arn = module.prioritization.http_function_invoke_arn }
  }

  create_service_integration  = var.create_gpu_service
  service_functions           = var.gpu_service_functions
  service_listener_arn        = module.gpu_service.listener_arn
  vpc_link_subnet_ids         = var.private_subnet_ids
  vpc_link_security_group_ids = var.create_gpu_service ? [module.gpu_service.vpc_link_security_group_id] : []

  throttling_burst_limit       = var.api_throttling_burst_limit
  throttling_rate_limit        = var.api_throttling_rate_limit
  access_log_retention_in_days = var.log_retention_in_days
}

################################################################################
# Alarms: function errors and throttles, dead-letter queues, API 5xx
################################################################################

module "alarms" {
  source = "../../modules/alarms"

  name_prefix = var.name

  lambda_function_names = {
    imputation          = module.imputation.lambda_function_name
    privacy-audit       = module.privacy_audit.lambda_function_name
    prioritization      = module.prioritization.lambda_function_name
    imputation-http     = module.imputation.http_function_name
    privacy-audit-http  = module.privacy_audit.http_function_name
    prioritization-http = module.prioritization.http_function_name
  }

  dead_letter_queue_names = merge(
    {
      imputation-failures     = module.imputation.dead_letter_queue_name
      privacy-audit-failures  = module.privacy_audit.dead_letter_queue_name
      prioritization-failures = module.prioritization.dead_letter_queue_name
      eventbridge-failures    = module.events.eventbridge_dead_letter_queue_name
    },
    { for k, v in module.events.dead_letter_queue_names : "${k}-events" => v },
  )

  # The imputation function logs its counts as Embedded Metric Format on Lambda (coherent_* metrics).
  coherent_function_names = ["imputation"]

  create_api_alarm      = true
  api_id                = module.gateway.api_id
  alarm_email_addresses = var.alarm_email_addresses
}
