# Defaults of the mocked AWS provider for `terraform test` (every module's and example's tests/ use
# it through `mock_provider "aws" { source = "../../tests/mocks" }`). The provider validates some
# values even when mocked (ARNs, JSON policies), and random strings fail that, so the attributes
# other resources consume get realistic values here. Account 123456789012, region eu-west-1.

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_region" {
  defaults = {
    name = "eu-west-1"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:user/terraform-test"
  }
}

# The rendered policy of every policy document: any valid JSON policy passes the provider's checks;
# tests assert on the documents' statements, not on this.
mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"}}]}"
  }
}

mock_data "aws_ssm_parameter" {
  defaults = {
    value = "ami-0123456789abcdef0"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mocked"
  }
}

mock_resource "aws_iam_instance_profile" {
  defaults = {
    arn = "arn:aws:iam::123456789012:instance-profile/mocked"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666"
    key_id = "0a1b2c3d-1111-2222-3333-444455556666"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn = "arn:aws:s3:::mocked-bucket"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mocked"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/mocked"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mocked"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:mocked"
  }
}

mock_resource "aws_ecr_repository" {
  defaults = {
    arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/mocked"
    repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mocked"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mocked"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn           = "arn:aws:lambda:eu-west-1:123456789012:function:mocked"
    qualified_arn = "arn:aws:lambda:eu-west-1:123456789012:function:mocked:1"
    invoke_arn    = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:mocked/invocations"
  }
}

mock_resource "aws_cloudwatch_event_rule" {
  defaults = {
    arn = "arn:aws:events:eu-west-1:123456789012:rule/mocked"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    api_endpoint  = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5"
  }
}

mock_resource "aws_launch_template" {
  defaults = {
    id  = "lt-0123456789abcdef0"
    arn = "arn:aws:ec2:eu-west-1:123456789012:launch-template/lt-0123456789abcdef0"
  }
}

mock_resource "aws_autoscaling_group" {
  defaults = {
    arn = "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:0a1b2c3d-1111-2222-3333-444455556666:autoScalingGroupName/mocked"
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/mocked/0123456789abcdef"
    arn_suffix = "app/mocked/0123456789abcdef"
    dns_name   = "internal-mocked-123456789.eu-west-1.elb.amazonaws.com"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/mocked/0123456789abcdef/0123456789abcdef"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/mocked/0123456789abcdef"
    arn_suffix = "targetgroup/mocked/0123456789abcdef"
  }
}

mock_resource "aws_ecs_cluster" {
  defaults = {
    arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/mocked"
    id  = "arn:aws:ecs:eu-west-1:123456789012:cluster/mocked"
  }
}

mock_resource "aws_ecs_task_definition" {
  defaults = {
    arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mocked:1"
  }
}

mock_resource "aws_batch_compute_environment" {
  defaults = {
    arn = "arn:aws:batch:eu-west-1:123456789012:compute-environment/mocked"
  }
}

mock_resource "aws_batch_job_queue" {
  defaults = {
    arn = "arn:aws:batch:eu-west-1:123456789012:job-queue/mocked"
  }
}

mock_resource "aws_batch_job_definition" {
  defaults = {
    arn        = "arn:aws:batch:eu-west-1:123456789012:job-definition/mocked:1"
    arn_prefix = "arn:aws:batch:eu-west-1:123456789012:job-definition/mocked"
  }
}

mock_resource "aws_sfn_state_machine" {
  defaults = {
    arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:mocked"
  }
}
