################################################################################
# General
################################################################################

variable "create" {
  description = "Whether to create the GPU service (off by default: GPU instances cost money while they run)."
  type        = bool
  default     = false
}

variable "name" {
  description = "Name of the ECS cluster; prefix of every other resource."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

################################################################################
# Network
################################################################################

variable "vpc_id" {
  description = "VPC of the cluster, the internal ALB and the VPC link."
  type        = string
  default     = null
}

variable "private_subnet_ids" {
  description = "Private subnets (at least two, in different availability zones) for the instances, the tasks and the internal ALB; they need a route to ECR, S3 and CloudWatch (NAT or VPC endpoints)."
  type        = list(string)
  default     = []
}

variable "alb_certificate_arn" {
  description = "ACM certificate of an HTTPS listener on the internal ALB; null serves HTTP inside the VPC (the VPC link traffic never leaves it)."
  type        = string
  default     = null
}

################################################################################
# Instances: ECS GPU-optimized AMI, auto scaling group, capacity provider
################################################################################

variable "ami_ssm_parameter" {
  description = "SSM parameter holding the ECS GPU-optimized AMI id."
  type        = string
  default     = "/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id"
}

variable "instance_type" {
  description = "GPU instance type (one NVIDIA GPU per g5.xlarge/g6.xlarge)."
  type        = string
  default     = "g5.xlarge"
}

variable "root_volume_size" {
  description = "Root volume in GB (the CUDA/TensorFlow images are several GB)."
  type        = number
  default     = 100
}

variable "asg_min_size" {
  description = "Minimum number of GPU instances (0 lets the cluster scale to nothing when no task runs)."
  type        = number
  default     = 0
}

variable "asg_max_size" {
  description = "Maximum number of GPU instances."
  type        = number
  default     = 2
}

variable "capacity_target_percent" {
  description = "Target utilisation of the capacity provider's managed scaling (100 = no idle instance)."
  type        = number
  default     = 100
}

################################################################################
# Services
################################################################################

variable "services" {
  description = <<-EOT
    The functions served on GPUs, by function key: image (ECR URI with tag, built from
    infra/docker/<function>/Dockerfile.gpu), resources, task counts for service auto scaling
    (tracking `target_requests_per_task` ALB requests per task), the ALB path patterns routed to it
    and its environment (the same COHERENT_* variables as the Lambda).
  EOT
  type = map(object({
    image                    = string
    container_port           = optional(number, 8080)
    cpu                      = optional(number, 3584)
    memory                   = optional(number, 14336)
    gpu_count                = optional(number, 1)
    desired_count            = optional(number, 1)
    min_count                = optional(number, 1)
    max_count                = optional(number, 2)
    target_requests_per_task = optional(number, 50)
    path_patterns            = list(string)
    environment              = optional(map(string), {})
  }))
  default = {}

  validation {
    condition     = alltrue([for s in values(var.services) : s.gpu_count >= 1 && s.min_count <= s.max_count])
    error_message = "Each service needs gpu_count >= 1 and min_count <= max_count."
  }
}

variable "health_check_path" {
  description = "Path of the ALB and container health checks (Quarkus readiness: model set loaded and warmed up)."
  type        = string
  default     = "/q/health/ready"
}

variable "health_check_grace_period_seconds" {
  description = "Seconds a new task has to become healthy (image pull, natives, model set load) before ECS acts on failed checks."
  type        = number
  default     = 600
}

variable "log_retention_in_days" {
  description = "Retention of the services' log group in days."
  type        = number
  default     = 30
}

################################################################################
# IAM of the tasks
################################################################################

variable "task_s3_read_object_arns" {
  description = "Object ARN patterns the tasks may read."
  type        = list(string)
  default     = []
}

variable "task_s3_write_object_arns" {
  description = "Object ARN patterns the tasks may write and delete."
  type        = list(string)
  default     = []
}

variable "task_s3_list_bucket_arns" {
  description = "Bucket ARNs the tasks may list."
  type        = list(string)
  default     = []
}

variable "task_kms_key_arns" {
  description = "KMS keys the tasks may decrypt and generate data keys with."
  type        = list(string)
  default     = []
}
