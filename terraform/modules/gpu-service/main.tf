data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  create   = var.create
  services = local.create ? var.services : {}
  # The HTTP API reaches the ALB through the VPC link, whose security group is made here.
  listener_arn = try(aws_lb_listener.https[0].arn, aws_lb_listener.http[0].arn, "")
  listen_port  = var.alb_certificate_arn == null ? 80 : 443
}

data "aws_ssm_parameter" "ami" {
  count = local.create ? 1 : 0

  name = var.ami_ssm_parameter
}

################################################################################
# Cluster and GPU capacity
################################################################################

resource "aws_ecs_cluster" "this" {
  count = local.create ? 1 : 0

  name = var.name
  tags = var.tags

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

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
  for_each = local.create ? toset(["service-role/AmazonEC2ContainerServiceforEC2Role", "AmazonSSMManagedInstanceCore"]) : toset([])

  role       = aws_iam_role.instance[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/${each.value}"
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
  description = "GPU container instances: no inbound traffic"
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

resource "aws_launch_template" "this" {
  count = local.create ? 1 : 0

  name_prefix            = "${var.name}-"
  image_id               = data.aws_ssm_parameter.ami[0].value
  instance_type          = var.instance_type
  vpc_security_group_ids = [aws_security_group.instances[0].id]
  tags                   = var.tags
  user_data = base64encode(<<-EOT
    #!/bin/bash
    cat >> /etc/ecs/ecs.config <<EOF
    ECS_CLUSTER=${var.name}
    ECS_ENABLE_GPU_SUPPORT=true
    ECS_ENABLE_CONTAINER_METADATA=true
    EOF
  EOT
  )

  iam_instance_profile {
    arn = aws_iam_instance_profile.this[0].arn
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.root_volume_size
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = "${var.name}-gpu" })
  }
}

resource "aws_autoscaling_group" "this" {
  count = local.create ? 1 : 0

  name_prefix           = "${var.name}-"
  min_size              = var.asg_min_size
  max_size              = var.asg_max_size
  vpc_zone_identifier   = var.private_subnet_ids
  protect_from_scale_in = true

  launch_template {
    id      = aws_launch_template.this[0].id
    version = "$Latest"
  }

  tag {
    key                 = "AmazonECSManaged"
    value               = "true"
    propagate_at_launch = true
  }

  lifecycle {
    ignore_changes = [desired_capacity]
  }
}

resource "aws_ecs_capacity_provider" "this" {
  count = local.create ? 1 : 0

  name = "${var.name}-gpu"
  tags = var.tags

  auto_scaling_group_provider {
    auto_scaling_group_arn         = aws_autoscaling_group.this[0].arn
    managed_termination_protection = "ENABLED"

    managed_scaling {
      status                    = "ENABLED"
      target_capacity           = var.capacity_target_percent
      minimum_scaling_step_size = 1
      maximum_scaling_step_size = 1
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  count = local.create ? 1 : 0

  cluster_name       = aws_ecs_cluster.this[0].name
  capacity_providers = [aws_ecs_capacity_provider.this[0].name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this[0].name
    weight            = 1
  }
}

################################################################################
# Internal ALB, reached by the HTTP API through a VPC link
################################################################################

resource "aws_security_group" "vpc_link" {
  count = local.create ? 1 : 0

  name        = "${var.name}-vpc-link"
  description = "API Gateway VPC link to the internal ALB"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "vpc_link" {
  count = local.create ? 1 : 0

  security_group_id            = aws_security_group.vpc_link[0].id
  description                  = "To the internal ALB"
  ip_protocol                  = "tcp"
  from_port                    = local.listen_port
  to_port                      = local.listen_port
  referenced_security_group_id = aws_security_group.alb[0].id
}

resource "aws_security_group" "alb" {
  count = local.create ? 1 : 0

  name        = "${var.name}-alb"
  description = "Internal ALB of the GPU service: from the VPC link only"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  count = local.create ? 1 : 0

  security_group_id            = aws_security_group.alb[0].id
  description                  = "From the API Gateway VPC link"
  ip_protocol                  = "tcp"
  from_port                    = local.listen_port
  to_port                      = local.listen_port
  referenced_security_group_id = aws_security_group.vpc_link[0].id
}

resource "aws_vpc_security_group_egress_rule" "alb" {
  for_each = local.services

  security_group_id            = aws_security_group.alb[0].id
  description                  = "To the ${each.key} tasks"
  ip_protocol                  = "tcp"
  from_port                    = each.value.container_port
  to_port                      = each.value.container_port
  referenced_security_group_id = aws_security_group.tasks[0].id
}

resource "aws_lb" "this" {
  count = local.create ? 1 : 0

  name                       = substr("${var.name}-gpu", 0, 32)
  internal                   = true
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.alb[0].id]
  subnets                    = var.private_subnet_ids
  drop_invalid_header_fields = true
  idle_timeout               = 60
  tags                       = var.tags
}

resource "aws_lb_listener" "http" {
  count = local.create && var.alb_certificate_arn == null ? 1 : 0

  load_balancer_arn = aws_lb.this[0].arn
  port              = 80
  protocol          = "HTTP"
  tags              = var.tags

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "application/json"
      message_body = "{\"message\":\"Not Found\"}"
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener" "https" {
  count = local.create && var.alb_certificate_arn != null ? 1 : 0

  load_balancer_arn = aws_lb.this[0].arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.alb_certificate_arn
  tags              = var.tags

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "application/json"
      message_body = "{\"message\":\"Not Found\"}"
      status_code  = "404"
    }
  }
}

resource "aws_lb_target_group" "this" {
  for_each = local.services

  name                 = substr("${var.name}-${each.key}", 0, 32)
  port                 = each.value.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30
  tags                 = var.tags

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener_rule" "this" {
  for_each = local.services

  listener_arn = local.listener_arn
  priority     = 100 + index(keys(local.services), each.key)
  tags         = var.tags

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.key].arn
  }

  condition {
    path_pattern {
      values = each.value.path_patterns
    }
  }
}

################################################################################
# Tasks and services
################################################################################

resource "aws_security_group" "tasks" {
  count = local.create ? 1 : 0

  name        = "${var.name}-tasks"
  description = "GPU service tasks: from the internal ALB only"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "tasks" {
  for_each = local.services

  security_group_id            = aws_security_group.tasks[0].id
  description                  = "${each.key} from the internal ALB"
  ip_protocol                  = "tcp"
  from_port                    = each.value.container_port
  to_port                      = each.value.container_port
  referenced_security_group_id = aws_security_group.alb[0].id
}

resource "aws_vpc_security_group_egress_rule" "tasks" {
  count = local.create ? 1 : 0

  security_group_id = aws_security_group.tasks[0].id
  description       = "S3, ECR and CloudWatch over HTTPS"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_cloudwatch_log_group" "this" {
  count = local.create ? 1 : 0

  name              = "/aws/ecs/${var.name}"
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

resource "aws_iam_role" "task" {
  count = local.create ? 1 : 0

  name               = "${var.name}-task"
  assume_role_policy = data.aws_iam_policy_document.task_assume[0].json
  tags               = var.tags
}

data "aws_iam_policy_document" "task" {
  count = local.create ? 1 : 0

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this[0].arn}:*"]
  }

  dynamic "statement" {
    for_each = length(var.task_s3_read_object_arns) > 0 ? [1] : []

    content {
      sid       = "ReadObjects"
      actions   = ["s3:GetObject", "s3:GetObjectVersion"]
      resources = var.task_s3_read_object_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.task_s3_write_object_arns) > 0 ? [1] : []

    content {
      sid       = "WriteObjects"
      actions   = ["s3:PutObject", "s3:DeleteObject"]
      resources = var.task_s3_write_object_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.task_s3_list_bucket_arns) > 0 ? [1] : []

    content {
      sid       = "ListBuckets"
      actions   = ["s3:ListBucket", "s3:ListBucketVersions"]
      resources = var.task_s3_list_bucket_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.task_kms_key_arns) > 0 ? [1] : []

    content {
      sid       = "UseDataKeys"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = var.task_kms_key_arns
    }
  }
}

resource "aws_iam_role_policy" "task" {
  count = local.create ? 1 : 0

  name   = "${var.name}-task-least-privilege"
  role   = aws_iam_role.task[0].id
  policy = data.aws_iam_policy_document.task[0].json
}

resource "aws_ecs_task_definition" "this" {
  for_each = local.services

  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["EC2"]
  network_mode             = "awsvpc"
  execution_role_arn       = aws_iam_role.execution[0].arn
  task_role_arn            = aws_iam_role.task[0].arn
  tags                     = var.tags

  container_definitions = jsonencode([{
    name      = each.key
    image     = each.value.image
    essential = true
    cpu       = each.value.cpu
    memory    = each.value.memory
    portMappings = [{
      containerPort = each.value.container_port
      protocol      = "tcp"
    }]
    resourceRequirements = [{
      type  = "GPU"
      value = tostring(each.value.gpu_count)
    }]
    environment = [for k, v in merge({
      QUARKUS_HTTP_PORT    = tostring(each.value.container_port)
      TF_CPP_MIN_LOG_LEVEL = "2"
    }, each.value.environment) : { name = k, value = v }]
    healthCheck = {
      command     = ["CMD-SHELL", "curl -fsS http://localhost:${each.value.container_port}${var.health_check_path} || exit 1"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 300
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this[0].name
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = each.key
      }
    }
  }])
}

resource "aws_ecs_service" "this" {
  for_each = local.services

  name                              = each.key
  cluster                           = aws_ecs_cluster.this[0].id
  task_definition                   = aws_ecs_task_definition.this[each.key].arn
  desired_count                     = each.value.desired_count
  health_check_grace_period_seconds = var.health_check_grace_period_seconds
  enable_execute_command            = false
  tags                              = var.tags

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this[0].name
    weight            = 1
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks[0].id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this[each.key].arn
    container_name   = each.key
    container_port   = each.value.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener_rule.this, aws_ecs_cluster_capacity_providers.this]
}

resource "aws_appautoscaling_target" "this" {
  for_each = local.services

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this[0].name}/${aws_ecs_service.this[each.key].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = each.value.min_count
  max_capacity       = each.value.max_count
}

resource "aws_appautoscaling_policy" "this" {
  for_each = local.services

  name               = "${var.name}-${each.key}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.this[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.this[each.key].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = each.value.target_requests_per_task
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.this[0].arn_suffix}/${aws_lb_target_group.this[each.key].arn_suffix}"
    }
  }
}
