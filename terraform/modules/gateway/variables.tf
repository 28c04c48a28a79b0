################################################################################
# General
################################################################################

variable "create" {
  description = "Whether to create the HTTP API and everything that belongs to it."
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the HTTP API (and prefix of its log group and VPC link)."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

################################################################################
# Authorization: a JWT authorizer on every route
################################################################################

variable "jwt_issuer" {
  description = "Issuer URL of the JWT authorizer (e.g. https://cognito-idp.<region>.amazonaws.com/<pool id>); tokens must carry it as `iss`."
  type        = string

  validation {
    condition     = startswith(var.jwt_issuer, "https://")
    error_message = "jwt_issuer must be an https:// URL."
  }
}

variable "jwt_audience" {
  description = "Accepted audiences (`aud`, or `client_id` for Cognito access tokens) of the JWT authorizer."
  type        = list(string)

  validation {
    condition     = length(var.jwt_audience) > 0
    error_message = "Give at least one audience."
  }
}

variable "route_authorization_scopes" {
  description = "OAuth scopes a token needs, by route key (e.g. {\"POST /v1/audits\" = [\"coherent/audit\"]}); routes not listed need none beyond a valid token."
  type        = map(list(string))
  default     = {}
}

################################################################################
# Integrations
################################################################################

variable "lambda_integrations" {
  description = "The functions behind the routes, by function key (imputation, privacy-audit, prioritization): name and invoke ARN from modules/function."
  type = map(object({
    function_name = string
    invoke_arn    = string
  }))

  validation {
    condition     = length(setsubtract(["imputation", "privacy-audit", "prioritization"], keys(var.lambda_integrations))) == 0
    error_message = "lambda_integrations needs imputation, privacy-audit and prioritization."
  }
}

variable "integration_timeout_milliseconds" {
  description = "How long the API waits for a function (50-30000 ms; long work such as audits answers 202 and continues asynchronously)."
  type        = number
  default     = 30000

  validation {
    condition     = var.integration_timeout_milliseconds >= 50 && var.integration_timeout_milliseconds <= 30000
    error_message = "integration_timeout_milliseconds must be between 50 and 30000."
  }
}

variable "create_service_integration" {
  description = "Whether the routes of `service_functions` go to the GPU service (internal ALB through a VPC link) instead of their Lambda."
  type        = bool
  default     = false
}

variable "service_functions" {
  description = "Function keys whose routes go to the GPU service when `create_service_integration` is true."
  type        = list(string)
  default     = ["imputation"]
}

variable "service_listener_arn" {
  description = "ARN of the internal ALB listener of the GPU service (modules/gpu-service)."
  type        = string
  default     = null
}

variable "vpc_link_subnet_ids" {
  description = "Private subnets of the VPC link to the internal ALB."
  type        = list(string)
  default     = []
}

variable "vpc_link_security_group_ids" {
  description = "Security groups of the VPC link (modules/gpu-service output `vpc_link_security_group_id`)."
  type        = list(string)
  default     = []
}

################################################################################
# Throttling and access logs
################################################################################

variable "throttling_burst_limit" {
  description = "Stage-wide burst limit (requests)."
  type        = number
  default     = 100
}

variable "throttling_rate_limit" {
  description = "Stage-wide steady rate limit (requests per second)."
  type        = number
  default     = 50
}

variable "route_throttling" {
  description = "Per-route limits by route key, e.g. {\"POST /v1/audits\" = { burst_limit = 2, rate_limit = 1 }}."
  type = map(object({
    burst_limit = number
    rate_limit  = number
  }))
  default = {
    "POST /v1/audits" = { burst_limit = 5, rate_limit = 1 }
  }
}

variable "access_log_retention_in_days" {
  description = "Retention of the access log group in days."
  type        = number
  default     = 90
}

variable "access_log_kms_key_arn" {
  description = "KMS key encrypting the access log group (its key policy must allow CloudWatch Logs); null uses the service default."
  type        = string
  default     = null
}
