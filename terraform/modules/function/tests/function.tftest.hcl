# modules/function with the mocked AWS provider: the event Lambda and its HTTP twin, their settings,
# the on-failure destination, the least-privilege role policy and the input validation.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  function_name                  = "coherent-test-imputation"
  description                    = "Imputes uploaded cohort tables"
  lambda_handler                 = "imputation-s3"
  image_tag                      = "0123abc"
  create_http_function           = true
  http_image_tag                 = "0123abc-http"
  memory_size                    = 3538
  timeout                        = 300
  reserved_concurrent_executions = 7
  log_retention_in_days          = 14
  environment_variables = {
    COHERENT_MODELS_URI = "s3://coherent-test-models/models/production"
  }
  s3_read_object_arns  = ["arn:aws:s3:::coherent-test-models/models/production/*", "arn:aws:s3:::coherent-test-uploads/uploads/*"]
  s3_write_object_arns = ["arn:aws:s3:::coherent-test-outputs/imputed/*"]
  s3_list_bucket_arns  = ["arn:aws:s3:::coherent-test-models"]
  kms_key_arns         = ["arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666"]
}

run "plans_the_event_function_and_its_http_twin" {
  command = plan

  assert {
    condition     = aws_lambda_function.this[0].function_name == "coherent-test-imputation" && aws_lambda_function.this[0].package_type == "Image"
    error_message = "The event function is an image function named after function_name."
  }

  assert {
    condition     = aws_lambda_function.this[0].reserved_concurrent_executions == 7 && aws_lambda_function.this[0].memory_size == 3538 && aws_lambda_function.this[0].timeout == 300
    error_message = "The event function takes reserved concurrency, memory and timeout from the variables."
  }

  assert {
    condition     = tolist(aws_lambda_function.this[0].architectures) == tolist(["x86_64"])
    error_message = "The function runs on x86_64 (the TensorFlow natives)."
  }

  assert {
    condition = aws_lambda_function.this[0].environment[0].variables == tomap({
      QUARKUS_HTTP_HOST_ENABLED = "false"
      TF_CPP_MIN_LOG_LEVEL      = "2"
      QUARKUS_LAMBDA_HANDLER    = "imputation-s3"
      COHERENT_MODELS_URI       = "s3://coherent-test-models/models/production"
    })
    error_message = "The event function gets the handler bean, no HTTP listener, quiet natives and the given variables."
  }

  assert {
    condition     = aws_lambda_function.this[0].logging_config[0].log_group == "/aws/lambda/coherent-test-imputation" && aws_cloudwatch_log_group.this[0].retention_in_days == 14
    error_message = "The event function logs to its own log group with the given retention."
  }

  assert {
    condition     = aws_lambda_function.http[0].function_name == "coherent-test-imputation-http" && aws_lambda_function.http[0].timeout == 30 && aws_lambda_function.http[0].reserved_concurrent_executions == 10
    error_message = "The HTTP twin is <function_name>-http with the API's 30 s timeout and its own reserved concurrency."
  }

  assert {
    condition     = aws_lambda_function.http[0].environment[0].variables["AWS_LWA_READINESS_CHECK_PATH"] == "/q/health/ready" && aws_lambda_function.http[0].environment[0].variables["COHERENT_MODELS_URI"] == "s3://coherent-test-models/models/production" && !contains(keys(aws_lambda_function.http[0].environment[0].variables), "QUARKUS_HTTP_HOST_ENABLED")
    error_message = "The HTTP twin keeps its HTTP server, waits for readiness and gets the same variables."
  }

  assert {
    condition     = aws_ecr_repository.this[0].name == "coherent-test-imputation" && aws_ecr_repository.this[0].image_tag_mutability == "IMMUTABLE" && aws_ecr_repository.this[0].encryption_configuration[0].encryption_type == "KMS"
    error_message = "The ECR repository is named after the function, with immutable tags and KMS encryption."
  }

  assert {
    condition     = length(aws_sqs_queue.dlq) == 1 && aws_sqs_queue.dlq[0].name == "coherent-test-imputation-dlq" && aws_sqs_queue.dlq[0].sqs_managed_sse_enabled
    error_message = "A dead-letter queue (encrypted) is created as the on-failure destination."
  }

  assert {
    condition     = aws_lambda_function_event_invoke_config.this[0].maximum_retry_attempts == 2 && aws_lambda_function_event_invoke_config.http[0].maximum_retry_attempts == 0
    error_message = "Asynchronous invocations are retried twice (none for the HTTP twin)."
  }
}

run "applies_with_the_created_repository_and_queue" {
  command = apply

  assert {
    condition     = output.image_uri == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mocked:0123abc" && aws_lambda_function.this[0].image_uri == output.image_uri
    error_message = "The function runs image_tag from the repository the module created."
  }

  assert {
    condition     = aws_lambda_function.http[0].image_uri == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mocked:0123abc-http"
    error_message = "The HTTP twin runs http_image_tag from the same repository."
  }

  assert {
    condition     = aws_lambda_function_event_invoke_config.this[0].destination_config[0].on_failure[0].destination == aws_sqs_queue.dlq[0].arn && aws_lambda_function_event_invoke_config.http[0].destination_config[0].on_failure[0].destination == aws_sqs_queue.dlq[0].arn
    error_message = "Failed asynchronous invocations of both functions go to the dead-letter queue."
  }

  assert {
    condition     = aws_lambda_function.this[0].role == aws_iam_role.this[0].arn && aws_iam_role_policy.this[0].role == aws_iam_role.this[0].id
    error_message = "The function runs with its own role, which carries the least-privilege policy."
  }

  assert {
    condition     = output.lambda_function_arn != "" && output.dead_letter_queue_arn != "" && output.http_function_invoke_arn != "" && output.lambda_role_name == "coherent-test-imputation"
    error_message = "The outputs carry the applied function, queue and role."
  }

  # The policy document reads the queue's ARN, so it is rendered at apply.
  assert {
    condition     = [for s in data.aws_iam_policy_document.this[0].statement : s.sid] == ["WriteOwnLogs", "SendFailedEvents", "ReadObjects", "WriteObjects", "ListBuckets", "UseDataKeys"]
    error_message = "The role policy has exactly the statements the inputs call for (no tracing, no extra statements)."
  }

  assert {
    condition     = toset(one([for s in data.aws_iam_policy_document.this[0].statement : s.resources if s.sid == "ReadObjects"])) == toset(var.s3_read_object_arns)
    error_message = "The function reads exactly the object patterns it is given."
  }

  assert {
    condition     = toset(one([for s in data.aws_iam_policy_document.this[0].statement : s.resources if s.sid == "WriteOwnLogs"])) == toset(["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/coherent-test-imputation:*", "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/coherent-test-imputation-http:*"])
    error_message = "The function writes its own two log groups only."
  }
}

run "uses_a_given_image_and_destination" {
  command = plan

  variables {
    create_http_function       = false
    create_ecr_repository      = false
    create_dead_letter_queue   = false
    image_uri                  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shared@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    on_failure_destination_arn = "arn:aws:sns:eu-west-1:123456789012:coherent-failures"
    tracing_mode               = "Active"
  }

  assert {
    condition     = length(aws_ecr_repository.this) == 0 && length(aws_sqs_queue.dlq) == 0 && length(aws_lambda_function.http) == 0
    error_message = "No repository, queue or HTTP twin when they are not asked for."
  }

  assert {
    condition     = aws_lambda_function.this[0].image_uri == var.image_uri && aws_lambda_function_event_invoke_config.this[0].destination_config[0].on_failure[0].destination == var.on_failure_destination_arn
    error_message = "The given image and on-failure destination are used."
  }

  assert {
    condition     = contains([for s in data.aws_iam_policy_document.this[0].statement : s.sid], "WriteTraces") && one([for s in data.aws_iam_policy_document.this[0].statement : s.resources if s.sid == "SendFailedEvents"]) == toset([var.on_failure_destination_arn])
    error_message = "Active tracing adds the X-Ray statement; the role may send to the given destination only."
  }
}

run "refuses_arm64_and_allow_star_on_star" {
  command = plan

  variables {
    architectures = ["arm64"]
    policy_statements = {
      Everything = { actions = ["*"], resources = ["*"] }
    }
  }

  expect_failures = [var.architectures, var.policy_statements]
}

run "refuses_a_function_without_on_failure_destination" {
  command = plan

  # Without the HTTP twin, whose invoke config would also fail (the provider requires a destination).
  variables {
    create_dead_letter_queue = false
    create_http_function     = false
  }

  expect_failures = [aws_lambda_function.this]
}

run "creates_nothing_when_disabled" {
  command = plan

  variables {
    create = false
  }

  assert {
    condition     = length(aws_lambda_function.this) == 0 && length(aws_iam_role.this) == 0 && length(aws_ecr_repository.this) == 0 && length(aws_sqs_queue.dlq) == 0 && length(aws_cloudwatch_log_group.this) == 0
    error_message = "create = false creates nothing."
  }

  assert {
    condition     = output.lambda_function_arn == "" && output.lambda_role_name == "" && output.ecr_repository_url == ""
    error_message = "The outputs are empty when nothing is created."
  }
}
