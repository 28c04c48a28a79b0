################################################################################
# General
################################################################################

variable "create" {
  description = "Whether to create the function and everything that belongs to it."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

################################################################################
# Function
################################################################################

variable "function_name" {
  description = "Name of the Lambda function; also names its role, log group, dead-letter queue and (by default) ECR repository."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,56}$", var.function_name))
    error_message = "function_name must be 1-56 letters, digits, hyphens or underscores (room is left for suffixes)."
  }
}

variable "description" {
  description = "Description of the Lambda function."
  type        = string
  default     = ""
}

variable "memory_size" {
  description = "Memory in MB (1,769 MB is one vCPU; TensorFlow uses every vCPU it gets)."
  type        = number
  default     = 3008

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout of one invocation in seconds (at most 900)."
  type        = number
  default     = 300

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "ephemeral_storage_size" {
  description = "Size of /tmp in MB (512-10240): the model set cache and staged outputs live there."
  type        = number
  default     = 2048

  validation {
    condition     = var.ephemeral_storage_size >= 512 && var.ephemeral_storage_size <= 10240
    error_message = "ephemeral_storage_size must be between 512 and 10240 MB."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) the function; bounds the cost and the load on the model store."
  type        = number
  default     = 10

  validation {
    condition     = var.reserved_concurrent_executions >= 0
    error_message = "reserved_concurrent_executions must be 0 or more (-1, unreserved, is not allowed here)."
  }
}

variable "architectures" {
  description = "Instruction set of the image; the TensorFlow natives exist for x86_64 only."
  type        = list(string)
  default     = ["x86_64"]

  # Compare the elements: a list(string) never equals the tuple literal ["x86_64"].
  validation {
    condition     = length(var.architectures) == 1 && contains(var.architectures, "x86_64")
    error_message = "Only x86_64 is supported (tensorflow-core-native ships linux-x86_64 natives)."
  }
}

variable "lambda_handler" {
  description = "Overrides the Quarkus handler bean the function runs (QUARKUS_LAMBDA_HANDLER, e.g. `imputation-s3`); null keeps the image's `quarkus.lambda.handler`."
  type        = string
  default     = null
}

variable "environment_variables" {
  description = "Environment variables of the function (the `coherent.*` keys as env vars, e.g. COHERENT_MODELS_URI)."
  type        = map(string)
  default     = {}
}

variable "image_command" {
  description = "Overrides the image CMD (the handler class of the Lambda Java runtime); null keeps the image's."
  type        = list(string)
  default     = null
}

variable "tracing_mode" {
  description = "X-Ray tracing mode: PassThrough or Active."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode must be PassThrough or Active."
  }
}

################################################################################
# HTTP twin (the API routes)
################################################################################

variable "create_http_function" {
  description = "Whether to create `<function_name>-http`, the same build's `http` image target serving the API routes through the Lambda Web Adapter."
  type        = bool
  default     = false
}

variable "http_image_tag" {
  description = "Tag of the `http` image target in the created repository (e.g. `<commit>-http`)."
  type        = string
  default     = null
}

variable "http_image_uri" {
  description = "Full URI of the `http` image; overrides `http_image_tag`."
  type        = string
  default     = null
}

variable "http_timeout" {
  description = "Timeout of the HTTP twin in seconds; API Gateway gives up after 30 s anyway."
  type        = number
  default     = 30

  validation {
    condition     = var.http_timeout >= 1 && var.http_timeout <= 30
    error_message = "http_timeout must be between 1 and 30 seconds (the HTTP API integration limit)."
  }
}

variable "http_reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) the HTTP twin."
  type        = number
  default     = 10

  validation {
    condition     = var.http_reserved_concurrent_executions >= 0
    error_message = "http_reserved_concurrent_executions must be 0 or more (-1, unreserved, is not allowed here)."
  }
}

################################################################################
# Image (ECR)
################################################################################

variable "create_ecr_repository" {
  description = "Whether to create the ECR repository the image is pushed to; false uses `image_uri`."
  type        = bool
  default     = true
}

variable "ecr_repository_name" {
  description = "Name of the ECR repository; null uses the function name."
  type        = string
  default     = null
}

variable "image_tag" {
  description = "Tag of the image to run (tags are immutable: use one per build, e.g. the git commit)."
  type        = string
  default     = null
}

variable "image_uri" {
  description = "Full image URI (repository:tag or @digest), used instead of the created repository and `image_tag`."
  type        = string
  default     = null
}

variable "ecr_force_delete" {
  description = "Whether `terraform destroy` may delete the repository while it holds images."
  type        = bool
  default     = false
}

variable "ecr_keep_images" {
  description = "How many images the repository keeps; older ones are expired by its lifecycle policy."
  type        = number
  default     = 20
}

################################################################################
# Failures
################################################################################

variable "create_dead_letter_queue" {
  description = "Whether to create an SQS queue receiving failed asynchronous invocations (the on-failure destination); false uses `on_failure_destination_arn`."
  type        = bool
  default     = true
}

variable "on_failure_destination_arn" {
  description = "ARN of an existing SQS queue, SNS topic or Lambda function receiving failed asynchronous invocations, when `create_dead_letter_queue` is false."
  type        = string
  default     = null
}

variable "maximum_retry_attempts" {
  description = "Retries of a failed asynchronous invocation (0-2) before it goes to the on-failure destination."
  type        = number
  default     = 2

  validation {
    condition     = var.maximum_retry_attempts >= 0 && var.maximum_retry_attempts <= 2
    error_message = "maximum_retry_attempts must be 0, 1 or 2."
  }
}

variable "maximum_event_age_in_seconds" {
  description = "Age (60-21600 s) after which an unprocessed asynchronous event goes to the on-failure destination."
  type        = number
  default     = 21600

  validation {
    condition     = var.maximum_event_age_in_seconds >= 60 && var.maximum_event_age_in_seconds <= 21600
    error_message = "maximum_event_age_in_seconds must be between 60 and 21600."
  }
}

variable "dead_letter_queue_message_retention_seconds" {
  description = "How long failed events stay in the dead-letter queue (60-1209600 s)."
  type        = number
  default     = 1209600
}

################################################################################
# CloudWatch Logs
################################################################################

variable "log_retention_in_days" {
  description = "Retention of the function's log group in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (never-expire is not allowed here)."
  }
}

variable "log_kms_key_arn" {
  description = "KMS key encrypting the log group (its key policy must allow CloudWatch Logs); null uses the service default."
  type        = string
  default     = null
}

################################################################################
# IAM: what the function may do, nothing more
################################################################################

variable "s3_read_object_arns" {
  description = "Object ARN patterns the function may read (s3:GetObject), e.g. `arn:aws:s3:::bucket/uploads/*`."
  type        = list(string)
  default     = []
}

variable "s3_write_object_arns" {
  description = "Object ARN patterns the function may write and delete (s3:PutObject, s3:DeleteObject), e.g. `arn:aws:s3:::bucket/imputed/*`."
  type        = list(string)
  default     = []
}

variable "s3_list_bucket_arns" {
  description = "Bucket ARNs the function may list (s3:ListBucket; without it S3 answers 403 instead of 404 for a missing key)."
  type        = list(string)
  default     = []
}

variable "kms_key_arns" {
  description = "KMS keys the function may decrypt and generate data keys with (the buckets' key)."
  type        = list(string)
  default     = []
}

variable "policy_statements" {
  description = "Extra IAM statements for the function's role, by sid: { actions, resources, effect = Allow }. A statement allowing every action on every resource is refused."
  type = map(object({
    actions   = list(string)
    resources = list(string)
    effect    = optional(string, "Allow")
  }))
  default = {}

  validation {
    condition     = alltrue([for s in values(var.policy_statements) : !(s.effect == "Allow" && contains(s.actions, "*") && contains(s.resources, "*"))])
    error_message = "policy_statements must not allow \"*\" actions on \"*\" resources."
  }
}
