################################################################################
# General
################################################################################

variable "create" {
  description = "Whether to create the event wiring."
  type        = bool
  default     = true
}

variable "name_prefix" {
  description = "Prefix of every rule, queue and policy name."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

################################################################################
# Uploads: bucket prefix -> EventBridge -> SQS -> function
################################################################################

variable "queue_targets" {
  description = <<-EOT
    Objects created under `key_prefix` in `bucket_name` reach `function_arn` through EventBridge and an
    SQS queue: batches of up to `batch_size` events, gathered for at most
    `maximum_batching_window_in_seconds`, at most `maximum_concurrency` concurrent invocations, and a
    message failing `max_receive_count` times moves to the queue's dead-letter queue. The queue's
    visibility timeout is six times `function_timeout`. The module attaches the queue-consuming
    permissions to `function_role_name`.
  EOT
  type = map(object({
    bucket_name                        = string
    key_prefix                         = string
    function_name                      = string
    function_arn                       = string
    function_role_name                 = string
    function_timeout                   = number
    batch_size                         = optional(number, 1)
    maximum_batching_window_in_seconds = optional(number, 0)
    maximum_concurrency                = optional(number, 5)
    max_receive_count                  = optional(number, 3)
  }))
  default = {}

  validation {
    condition     = alltrue([for t in values(var.queue_targets) : t.maximum_concurrency >= 2 && t.maximum_concurrency <= 1000])
    error_message = "maximum_concurrency must be between 2 and 1000 (the SQS event source scaling limit)."
  }

  validation {
    condition     = alltrue([for t in values(var.queue_targets) : t.batch_size >= 1 && t.batch_size <= 10000])
    error_message = "batch_size must be between 1 and 10000."
  }

  validation {
    condition     = alltrue([for t in values(var.queue_targets) : t.function_timeout * 6 <= 43200])
    error_message = "function_timeout * 6 (the queue's visibility timeout) must not exceed 43200 seconds."
  }
}

variable "message_retention_seconds" {
  description = "How long events wait in the queues (60-1209600 s)."
  type        = number
  default     = 345600
}

variable "dead_letter_retention_seconds" {
  description = "How long failed events stay in the dead-letter queues (60-1209600 s)."
  type        = number
  default     = 1209600
}

################################################################################
# Manifests: object created -> EventBridge -> function (asynchronous invocation)
################################################################################

variable "direct_targets" {
  description = <<-EOT
    Objects created in `bucket_name` whose key starts with `key_prefix` and ends with `key_suffix`
    (e.g. a model set's `manifest.json`) invoke `function_arn` asynchronously; failed invocations go
    to the function's own on-failure destination after its retries.
  EOT
  type = map(object({
    bucket_name   = string
    key_prefix    = optional(string, "")
    key_suffix    = string
    function_name = string
    function_arn  = string
  }))
  default = {}
}

variable "eventbridge_maximum_retry_attempts" {
  description = "Retries of an EventBridge delivery to a target (0-185) before the event goes to the EventBridge dead-letter queue."
  type        = number
  default     = 185
}

variable "eventbridge_maximum_event_age_in_seconds" {
  description = "Age (60-86400 s) after which EventBridge stops retrying a delivery."
  type        = number
  default     = 86400
}
