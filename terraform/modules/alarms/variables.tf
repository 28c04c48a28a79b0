################################################################################
# General
################################################################################

variable "create" {
  description = "Whether to create the alarms."
  type        = bool
  default     = true
}

variable "name_prefix" {
  description = "Prefix of every alarm name."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

################################################################################
# What to watch
################################################################################

variable "lambda_function_names" {
  description = "Lambda functions to watch for errors and throttles, by key."
  type        = map(string)
  default     = {}
}

variable "dead_letter_queue_names" {
  description = "Dead-letter queues to watch, by key: any message in one is a failure someone must look at."
  type        = map(string)
  default     = {}
}

variable "coherent_function_names" {
  description = "Coherent functions (their `coherent.function-name`, the `function` dimension of their Embedded Metric Format metrics) whose out-of-distribution and diverged-draw rates to watch; on Lambda each answer logs its counts in that format."
  type        = set(string)
  default     = []
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the functions' own metrics (`coherent.metrics.emf-namespace`)."
  type        = string
  default     = "Coherent"
}

variable "out_of_distribution_rate_threshold" {
  description = "Share of a period's patients flagged out of distribution above which the alarm fires; about 1% of patients like the training data are flagged."
  type        = number
  default     = 0.05
}

variable "diverged_draw_rate_threshold" {
  description = "Share of a period's draws that diverged above which the alarm fires; the default sampler's draws do not diverge."
  type        = number
  default     = 0.01
}

variable "create_api_alarm" {
  description = "Whether to create the API's 5xx alarm (then `api_id` is required). A switch of its own because the API id is known only after apply and cannot decide `count`."
  type        = bool
  default     = true
}

variable "api_id" {
  description = "ID of the HTTP API to watch for 5xx answers (needed when `create_api_alarm` is true)."
  type        = string
  default     = null
}

################################################################################
# Thresholds
################################################################################

variable "error_threshold" {
  description = "Function errors per period that raise the alarm."
  type        = number
  default     = 1
}

variable "throttle_threshold" {
  description = "Throttled invocations per period that raise the alarm."
  type        = number
  default     = 1
}

variable "dead_letter_threshold" {
  description = "Visible messages in a dead-letter queue that raise the alarm."
  type        = number
  default     = 1
}

variable "api_5xx_threshold" {
  description = "5xx answers of the API per period that raise the alarm."
  type        = number
  default     = 5
}

variable "period_seconds" {
  description = "Length of one evaluation period in seconds."
  type        = number
  default     = 300
}

variable "evaluation_periods" {
  description = "Periods over which the threshold is compared."
  type        = number
  default     = 1
}

################################################################################
# Notifications
################################################################################

variable "create_sns_topic" {
  description = "Whether to create the SNS topic alarms notify; false uses `alarm_actions` only."
  type        = bool
  default     = true
}

variable "sns_kms_key_arn" {
  description = "KMS key of the SNS topic (its key policy must let CloudWatch use it); null leaves it unencrypted at rest by a customer key."
  type        = string
  default     = null
}

variable "alarm_email_addresses" {
  description = "E-mail addresses subscribed to the topic (each must confirm the subscription)."
  type        = list(string)
  default     = []
}

variable "alarm_actions" {
  description = "Further ARNs notified when an alarm fires and when it recovers (SNS topics)."
  type        = list(string)
  default     = []
}
