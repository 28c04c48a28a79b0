# modules/gpu-service with the mocked AWS provider: off by default; when on, an ECS cluster on GPU
# instances, one GPU task per service behind the internal ALB, reachable only from the VPC link.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name               = "coherent-test-gpu"
  vpc_id             = "vpc-0123456789abcdef0"
  private_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  services = {
    imputation = {
      image         = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/coherent-test-imputation:0123abc-gpu"
      path_patterns = ["/v1/impute", "/v1/models"]
      environment   = { COHERENT_MODELS_URI = "s3://coherent-test-models/models/production" }
    }
  }
  task_s3_read_object_arns = ["arn:aws:s3:::coherent-test-models/models/production/*"]
  task_kms_key_arns        = ["arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666"]
}

run "creates_nothing_by_default" {
  command = plan

  assert {
    condition     = length(aws_ecs_cluster.this) == 0 && length(aws_lb.this) == 0 && length(aws_autoscaling_group.this) == 0 && length(aws_ecs_service.this) == 0
    error_message = "The GPU service costs money: nothing is created unless create = true."
  }

  assert {
    condition     = output.listener_arn == "" && output.vpc_link_security_group_id == ""
    error_message = "The outputs are empty when nothing is created."
  }
}

run "plans_a_gpu_service" {
  command = plan

  variables {
    create = true
  }

  assert {
    condition     = aws_launch_template.this[0].instance_type == "g5.xlarge" && aws_launch_template.this[0].metadata_options[0].http_tokens == "required" && aws_launch_template.this[0].block_device_mappings[0].ebs[0].encrypted == "true"
    error_message = "GPU instances with IMDSv2 only and an encrypted root volume."
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.this[0].user_data), "ECS_CLUSTER=coherent-test-gpu") && strcontains(base64decode(aws_launch_template.this[0].user_data), "ECS_ENABLE_GPU_SUPPORT=true")
    error_message = "The instances join the cluster with GPU support."
  }

  assert {
    condition     = aws_lb.this[0].internal && aws_lb.this[0].drop_invalid_header_fields && length(aws_lb_listener.http) == 1 && length(aws_lb_listener.https) == 0
    error_message = "An internal ALB; HTTP inside the VPC without a certificate."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["imputation"].container_definitions)[0].resourceRequirements == [{ type = "GPU", value = "1" }]
    error_message = "Each task reserves one GPU."
  }

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.this["imputation"].container_definitions)[0].environment, { name = "COHERENT_MODELS_URI", value = "s3://coherent-test-models/models/production" })
    error_message = "The task gets the service's environment."
  }

  assert {
    condition     = aws_ecs_service.this["imputation"].network_configuration[0].assign_public_ip == false && aws_ecs_service.this["imputation"].deployment_circuit_breaker[0].rollback
    error_message = "Tasks have no public IP and failed deployments roll back."
  }

  assert {
    condition     = toset(one(aws_lb_listener_rule.this["imputation"].condition).path_pattern[0].values) == toset(["/v1/impute", "/v1/models"])
    error_message = "The ALB routes the service's paths to it."
  }
}

run "applies_with_the_alb_open_to_the_vpc_link_only" {
  command = apply

  variables {
    create = true
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.alb[0].referenced_security_group_id == aws_security_group.vpc_link[0].id && aws_vpc_security_group_ingress_rule.alb[0].from_port == 80
    error_message = "The ALB admits the VPC link's security group only."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.tasks["imputation"].referenced_security_group_id == aws_security_group.alb[0].id
    error_message = "The tasks admit the ALB only."
  }

  assert {
    condition     = one(aws_ecs_service.this["imputation"].load_balancer).target_group_arn == aws_lb_target_group.this["imputation"].arn && aws_lb_listener_rule.this["imputation"].listener_arn == aws_lb_listener.http[0].arn
    error_message = "The service is registered behind the listener."
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.task[0].statement : s.sid] == ["WriteOwnLogs", "ReadObjects", "UseDataKeys"]
    error_message = "The task role gets only the statements its inputs call for (no writes, no listing here)."
  }

  assert {
    condition     = output.listener_arn == aws_lb_listener.http[0].arn && output.service_names == { imputation = "imputation" }
    error_message = "The outputs carry the listener (for the gateway) and the service."
  }
}

run "refuses_a_service_without_gpu" {
  command = plan

  variables {
    create = true
    services = {
      imputation = {
        image         = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/coherent-test-imputation:0123abc-gpu"
        path_patterns = ["/v1/impute"]
        gpu_count     = 0
      }
    }
  }

  expect_failures = [var.services]
}
