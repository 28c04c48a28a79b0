################################################################################
# General
################################################################################

variable "create" {
  description = "Whether to create the training stack (off by default: GPU instances cost money while jobs run)."
  type        = bool
  default     = false
}

variable "name" {
  description = "Name of the compute environment, job queue and state machine; prefix of every other resource."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

################################################################################
# Network and instances
################################################################################

variable "vpc_id" {
  description = "VPC of the training instances."
  type        = string
  default     = null
}

variable "private_subnet_ids" {
  description = "Private subnets of the training instances; they need a route to ECR, S3 and CloudWatch (NAT or VPC endpoints)."
  type        = list(string)
  default     = []
}

variable "instance_types" {
  description = "GPU instance types AWS Batch may start (one NVIDIA GPU per g5.xlarge/g6.xlarge)."
  type        = list(string)
  default     = ["g5.xlarge"]
}

variable "max_vcpus" {
  description = "Most vCPUs running at once: with the defaults, 16 runs four shards side by side."
  type        = number
  default     = 16
}

################################################################################
# Jobs
################################################################################

variable "image" {
  description = "Training image (ECR URI with tag): `coherent` (training-tools built with -Pgpu) and the AWS CLI on the PATH."
  type        = string
  default     = ""
}

variable "shards" {
  description = "Parts the model set is trained in: the size of the array job (AWS Batch arrays have 2 to 10,000 children)."
  type        = number
  default     = 2

  validation {
    condition     = var.shards >= 2 && var.shards <= 10000 && floor(var.shards) == var.shards
    error_message = "shards must be a whole number from 2 to 10000 (an AWS Batch array job)."
  }
}

variable "cohort_uri" {
  description = "S3 prefix of the cohort folder every job copies and trains on (s3://bucket/prefix)."
  type        = string
  default     = ""
}

variable "staging_uri" {
  description = "S3 prefix under which each run stages its shards (<staging_uri>/<execution name>); assemble keeps them: expire them with a lifecycle rule."
  type        = string
  default     = ""
}

variable "models_uri" {
  description = "Where assemble publishes the model set (its audit reference goes to <models_uri>-audit-reference)."
  type        = string
  default     = ""
}

variable "audit_reference_uri" {
  description = "Where assemble writes the set's audit reference; null for <models_uri>-audit-reference."
  type        = string
  default     = null
}

variable "train_arguments" {
  description = "Arguments of `coherent train` besides --cohort, --shard and --staging (config, seed, epochs...); every shard gets the same."
  type        = list(string)
  default     = ["--config", "auto", "--seed", "42"]

  validation {
    condition     = !anytrue([for a in var.train_arguments : contains(["--out", "--shard", "--staging", "--cohort"], a)])
    error_message = "train_arguments must not set --out, --shard, --staging or --cohort: the jobs set them."
  }
}

variable "vcpus" {
  description = "vCPUs of each job."
  type        = number
  default     = 4
}

variable "memory" {
  description = "Memory of each job in MiB (a g5.xlarge has 16 GiB, part of it for the agent)."
  type        = number
  default     = 14336
}

variable "gpus" {
  description = "GPUs of each job."
  type        = number
  default     = 1

  validation {
    condition     = var.gpus >= 1
    error_message = "Each job needs a GPU: the compute environment has GPU instances only."
  }
}

variable "shard_timeout_seconds" {
  description = "Longest a shard may run before AWS Batch stops it."
  type        = number
  default     = 14400
}

variable "assemble_timeout_seconds" {
  description = "Longest assemble may run (validation scores, audit reference, publishing)."
  type        = number
  default     = 3600
}

variable "retry_attempts" {
  description = "Attempts per job: a job whose instance went away is tried again up to this many times in all."
  type        = number
  default     = 3
}

variable "log_retention_in_days" {
  description = "Retention of the jobs' log group in days."
  type        = number
  default     = 30
}

################################################################################
# IAM of the jobs
################################################################################

variable "s3_read_object_arns" {
  description = "Object ARN patterns the jobs may read (the cohort, the staging)."
  type        = list(string)
  default     = []
}

variable "s3_write_object_arns" {
  description = "Object ARN patterns the jobs may write (the staging, the model set, its audit reference)."
  type        = list(string)
  default     = []
}

variable "s3_list_bucket_arns" {
  description = "Bucket ARNs the jobs may list (assemble lists the staging)."
  type        = list(string)
  default     = []
}

variable "kms_key_arns" {
  description = "KMS keys the jobs may decrypt and generate data keys with."
  type        = list(string)
  default     = []
}
