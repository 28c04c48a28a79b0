# examples/complete with the mocked AWS provider: the whole system plans and applies without AWS,
# and the modules are wired to each other (names, buckets, events, routes, alarms, GPU service).

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name         = "coherent-test"
  jwt_issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE"
  jwt_audience = ["coherent-api"]
  image_tags   = { imputation = "0123abc", privacy-audit = "0123abc", prioritization = "0123abc" }
}

run "plans_the_whole_system" {
  command = plan

  assert {
    condition     = output.bucket_ids == { models = "coherent-test-models", uploads = "coherent-test-uploads", outputs = "coherent-test-outputs", audit-reference = "coherent-test-audit-reference" }
    error_message = "The four buckets are named after the stack."
  }

  assert {
    condition     = output.models_uri == "s3://coherent-test-models/models/production" && output.audit_reference_uri == "s3://coherent-test-audit-reference/models/production-audit-reference"
    error_message = "The functions read the served model set and its audit reference from the storage module's buckets."
  }

  assert {
    condition     = output.lambda_function_names == { imputation = "coherent-test-imputation", privacy-audit = "coherent-test-privacy-audit", prioritization = "coherent-test-prioritization" }
    error_message = "The three event functions are named <name>-<function>."
  }

  assert {
    condition     = module.imputation.http_function_name == "coherent-test-imputation-http" && module.privacy_audit.http_function_name == "coherent-test-privacy-audit-http" && module.prioritization.http_function_name == "coherent-test-prioritization-http"
    error_message = "Each function has its HTTP twin for the API."
  }

  assert {
    condition     = module.imputation.lambda_function_timeout == 300 && module.privacy_audit.lambda_function_timeout == 900 && module.prioritization.lambda_function_timeout == 300
    error_message = "The functions get the timeouts of function_settings."
  }

  assert {
    condition     = module.gateway.routes == { "POST /v1/impute" = "imputation", "GET /v1/models" = "imputation", "POST /v1/audits" = "privacy-audit", "GET /v1/audits/{id}" = "privacy-audit", "POST /v1/prioritize" = "prioritization" }
    error_message = "The API serves the five routes, each by its function."
  }

  assert {
    condition     = module.events.dead_letter_queue_names == { imputation = "coherent-test-imputation-events-dlq", prioritization = "coherent-test-prioritization-events-dlq" } && module.events.eventbridge_dead_letter_queue_name == "coherent-test-eventbridge-dlq"
    error_message = "Uploads reach imputation and prioritization through queues with dead-letter queues."
  }

  assert {
    condition     = module.gpu_service.cluster_name == "" && output.gpu_service_alb_dns_name == ""
    error_message = "No GPU service unless create_gpu_service is set (it costs money)."
  }

  assert {
    condition     = output.training_state_machine_arn == "" && module.training.job_queue_arn == ""
    error_message = "No training stack unless create_training is set (it costs money)."
  }
}

run "routes_large_uploads_to_the_fan_out" {
  command = apply

  assert {
    condition     = module.imputation_fan_out.state_machine_arn == "arn:aws:states:${var.region}:123456789012:stateMachine:coherent-test-imputation-fan-out"
    error_message = "The state machine is named after the stack, and the ARN built for the function's environment is its."
  }

  assert {
    condition     = jsondecode(module.imputation_fan_out.definition).States.Assemble.Parameters.FunctionName == module.imputation.lambda_function_arn
    error_message = "The fan-out's batches and assembly run on the imputation function."
  }
}

run "applies_the_whole_system" {
  command = apply

  assert {
    condition     = output.ecr_repository_urls == { imputation = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mocked", privacy-audit = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mocked", prioritization = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mocked" }
    error_message = "Each function has the ECR repository its module created."
  }

  assert {
    condition     = module.imputation.image_uri == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mocked:0123abc"
    error_message = "The function runs its image tag from its repository."
  }

  assert {
    condition     = output.api_endpoint == "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com" && length(module.gateway.route_ids) == 5 && module.gateway.authorizer_id != ""
    error_message = "The API is created with its five routes and the JWT authorizer."
  }

  assert {
    condition     = toset(keys(module.events.rule_arns)) == toset(["imputation", "prioritization", "audit"]) && length(module.events.event_source_mapping_uuids) == 2
    error_message = "Three EventBridge rules (uploads, cohorts, manifests); two SQS event source mappings."
  }

  assert {
    condition     = length(module.alarms.alarm_arns) == 21
    error_message = "21 alarms: errors and throttles of six functions, six dead-letter queues, API 5xx, the imputation function's out-of-distribution and diverged-draw rates."
  }

  assert {
    condition = toset([for k in keys(module.alarms.alarm_arns) : k if endswith(k, "-dead-letters")]) == toset([
      "coherent-test-imputation-failures-dead-letters", "coherent-test-privacy-audit-failures-dead-letters", "coherent-test-prioritization-failures-dead-letters",
      "coherent-test-eventbridge-failures-dead-letters", "coherent-test-imputation-events-dead-letters", "coherent-test-prioritization-events-dead-letters",
    ])
    error_message = "Every dead-letter queue (the functions', EventBridge's, the upload queues') has an alarm."
  }

  assert {
    condition     = output.alarm_topic_arn == "arn:aws:sns:eu-west-1:123456789012:mocked"
    error_message = "The alarms notify the topic the alarms module created."
  }
}

run "applies_with_the_gpu_service" {
  command = apply

  variables {
    create_gpu_service    = true
    gpu_service_functions = ["imputation", "privacy-audit"]
    gpu_image_tags        = { imputation = "0123abc-gpu", privacy-audit = "0123abc-gpu" }
    vpc_id                = "vpc-0123456789abcdef0"
    private_subnet_ids    = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  }

  assert {
    condition     = module.gpu_service.cluster_name == "coherent-test-gpu" && module.gpu_service.service_names == { imputation = "imputation", privacy-audit = "privacy-audit" }
    error_message = "The GPU service runs the listed functions."
  }

  assert {
    condition     = module.gateway.vpc_link_id != "" && module.gpu_service.listener_arn != ""
    error_message = "The API reaches the GPU service's listener through a VPC link."
  }

  assert {
    condition     = output.gpu_service_alb_dns_name == "internal-mocked-123456789.eu-west-1.elb.amazonaws.com"
    error_message = "The internal ALB's name is an output."
  }
}

run "applies_with_training_across_machines" {
  command = apply

  variables {
    create_training    = true
    training_image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/coherent-test-training:0123abc-gpu"
    training_shards    = 3
    vpc_id             = "vpc-0123456789abcdef0"
    private_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  }

  assert {
    condition     = output.training_state_machine_arn != "" && module.training.job_queue_arn != "" && keys(module.training.job_definition_arns) == ["assemble", "train"]
    error_message = "The training stack is created with its queue, both job definitions and the state machine."
  }

  assert {
    condition     = module.training.environment["COHERENT_MODELS_URI"] == output.models_uri && module.training.environment["COHERENT_AUDIT_REFERENCE_URI"] == output.audit_reference_uri
    error_message = "Assemble publishes the served model set and its audit reference where the functions read them."
  }

  assert {
    condition     = module.training.environment["COHERENT_STAGING_URI"] == "s3://coherent-test-models/staging/models/production" && module.training.environment["COHERENT_SHARDS"] == "3" && module.training.environment["COHERENT_COHORT_URI"] == "s3://coherent-test-uploads/training/cohort"
    error_message = "The shards train on the uploaded cohort into the staging prefix of the models bucket."
  }
}

run "refuses_missing_image_tags" {
  command = plan

  variables {
    image_tags = { imputation = "0123abc" }
  }

  expect_failures = [var.image_tags]
}
