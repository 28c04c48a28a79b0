# modules/gateway with the mocked AWS provider: the HTTP API's five routes, each behind the JWT
# authorizer and integrated with its function's Lambda (or the GPU service), throttling and access logs.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name         = "coherent-test"
  jwt_issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE"
  jwt_audience = ["coherent-api"]

  lambda_integrations = {
    imputation     = { function_name = "coherent-test-imputation-http", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:coherent-test-imputation-http/invocations" }
    privacy-audit  = { function_name = "coherent-test-privacy-audit-http", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:coherent-test-privacy-audit-http/invocations" }
    prioritization = { function_name = "coherent-test-prioritization-http", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:coherent-test-prioritization-http/invocations" }
  }
}

run "plans_five_routes_behind_jwt" {
  command = plan

  assert {
    condition     = toset(keys(aws_apigatewayv2_route.this)) == toset(["POST /v1/impute", "GET /v1/models", "POST /v1/audits", "GET /v1/audits/{id}", "POST /v1/prioritize"])
    error_message = "The API has exactly the five routes."
  }

  assert {
    condition     = alltrue([for r in aws_apigatewayv2_route.this : r.authorization_type == "JWT"])
    error_message = "Every route is behind the JWT authorizer."
  }

  assert {
    condition     = aws_apigatewayv2_authorizer.this[0].jwt_configuration[0].issuer == var.jwt_issuer && toset(aws_apigatewayv2_authorizer.this[0].jwt_configuration[0].audience) == toset(["coherent-api"])
    error_message = "The authorizer checks the given issuer and audience."
  }

  assert {
    condition     = toset([for i in aws_apigatewayv2_integration.lambda : i.integration_uri]) == toset([for l in var.lambda_integrations : l.invoke_arn]) && length(aws_apigatewayv2_integration.service) == 0
    error_message = "Each function's HTTP twin has a Lambda proxy integration; no GPU service integration by default."
  }

  assert {
    condition     = toset([for p in aws_lambda_permission.this : p.function_name]) == toset([for l in var.lambda_integrations : l.function_name]) && alltrue([for p in aws_lambda_permission.this : p.principal == "apigateway.amazonaws.com"])
    error_message = "API Gateway may invoke each HTTP twin."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this[0].default_route_settings[0].throttling_rate_limit == 50 && one([for s in aws_apigatewayv2_stage.this[0].route_settings : s.throttling_rate_limit if s.route_key == "POST /v1/audits"]) == 1
    error_message = "The stage throttles at 50 requests/s, audits at 1/s."
  }
}

run "applies_with_each_route_on_its_function" {
  command = apply

  assert {
    condition     = alltrue([for k, r in aws_apigatewayv2_route.this : r.target == "integrations/${aws_apigatewayv2_integration.lambda[output.routes[k]].id}" && r.authorizer_id == aws_apigatewayv2_authorizer.this[0].id])
    error_message = "Each route targets its function's integration through the authorizer."
  }

  assert {
    condition     = alltrue([for p in aws_lambda_permission.this : p.source_arn == "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/*"])
    error_message = "The invoke permissions are scoped to this API."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this[0].access_log_settings[0].destination_arn == aws_cloudwatch_log_group.access[0].arn && aws_cloudwatch_log_group.access[0].name == "/aws/apigateway/coherent-test/access"
    error_message = "The stage writes access logs to its log group."
  }

  assert {
    condition     = output.api_endpoint == "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com" && length(output.route_ids) == 5
    error_message = "The outputs carry the endpoint and the five route ids."
  }
}

run "sends_imputation_to_the_gpu_service" {
  command = apply

  variables {
    create_service_integration  = true
    service_functions           = ["imputation"]
    service_listener_arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/coherent-test-gpu/0123456789abcdef/0123456789abcdef"
    vpc_link_subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    vpc_link_security_group_ids = ["sg-0123456789abcdef0"]
  }

  assert {
    condition     = length(aws_apigatewayv2_vpc_link.this) == 1 && aws_apigatewayv2_integration.service[0].connection_type == "VPC_LINK" && aws_apigatewayv2_integration.service[0].integration_uri == var.service_listener_arn
    error_message = "The GPU service is reached through a VPC link to its listener."
  }

  assert {
    condition     = aws_apigatewayv2_route.this["POST /v1/impute"].target == "integrations/${aws_apigatewayv2_integration.service[0].id}" && aws_apigatewayv2_route.this["GET /v1/models"].target == "integrations/${aws_apigatewayv2_integration.service[0].id}"
    error_message = "The imputation routes go to the GPU service."
  }

  assert {
    condition     = aws_apigatewayv2_route.this["POST /v1/audits"].target == "integrations/${aws_apigatewayv2_integration.lambda["privacy-audit"].id}"
    error_message = "The other routes stay on their Lambdas."
  }
}

run "refuses_http_issuer_and_missing_functions" {
  command = plan

  variables {
    jwt_issuer = "http://issuer.example"
    lambda_integrations = {
      imputation = { function_name = "coherent-test-imputation-http", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:coherent-test-imputation-http/invocations" }
    }
  }

  expect_failures = [var.jwt_issuer, var.lambda_integrations]
}
