data "aws_partition" "current" {}

locals {
  create         = var.create
  create_service = local.create && var.create_service_integration

  # The API: route key -> the function that answers it (infra/local/gateway/routes.txt mirrors this;
  # infra/checks/src/check.mjs fails when they differ).
  routes = {
    "POST /v1/impute"     = "imputation"
    "GET /v1/models"      = "imputation"
    "POST /v1/audits"     = "privacy-audit"
    "GET /v1/audits/{id}" = "privacy-audit"
    "POST /v1/prioritize" = "prioritization"
  }

  # The integration of each route: its function's Lambda, or the GPU service.
  route_integration_ids = {
    for key, fn in local.routes : key => (
      local.create_service && contains(var.service_functions, fn)
      ? try(aws_apigatewayv2_integration.service[0].id, "")
      : try(aws_apigatewayv2_integration.lambda[fn].id, "")
    )
  }
}

resource "aws_apigatewayv2_api" "this" {
  count = local.create ? 1 : 0

  name          = var.name
  protocol_type = "HTTP"
  description   = "Coherent Denoising API: imputation, privacy audits, prioritization"
  tags          = var.tags
}

resource "aws_apigatewayv2_authorizer" "this" {
  count = local.create ? 1 : 0

  api_id           = aws_apigatewayv2_api.this[0].id
  name             = "${var.name}-jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt_issuer
    audience = var.jwt_audience
  }
}

################################################################################
# Integrations: the Lambdas, or the GPU service through a VPC link
################################################################################

resource "aws_apigatewayv2_integration" "lambda" {
  for_each = local.create ? var.lambda_integrations : {}

  api_id                 = aws_apigatewayv2_api.this[0].id
  integration_type       = "AWS_PROXY"
  integration_uri        = each.value.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.integration_timeout_milliseconds
}

resource "aws_lambda_permission" "this" {
  for_each = local.create ? var.lambda_integrations : {}

  statement_id  = "${var.name}-http-api"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this[0].execution_arn}/*/*"
}

resource "aws_apigatewayv2_vpc_link" "this" {
  count = local.create_service ? 1 : 0

  name               = "${var.name}-gpu-service"
  subnet_ids         = var.vpc_link_subnet_ids
  security_group_ids = var.vpc_link_security_group_ids
  tags               = var.tags
}

resource "aws_apigatewayv2_integration" "service" {
  count = local.create_service ? 1 : 0

  api_id                 = aws_apigatewayv2_api.this[0].id
  integration_type       = "HTTP_PROXY"
  integration_method     = "ANY"
  integration_uri        = var.service_listener_arn
  connection_type        = "VPC_LINK"
  connection_id          = aws_apigatewayv2_vpc_link.this[0].id
  payload_format_version = "1.0"
  timeout_milliseconds   = var.integration_timeout_milliseconds

  lifecycle {
    precondition {
      condition     = var.service_listener_arn != null && length(var.vpc_link_subnet_ids) > 0
      error_message = "The GPU service integration needs service_listener_arn and vpc_link_subnet_ids."
    }
  }
}

################################################################################
# Routes: every one behind the JWT authorizer
################################################################################

resource "aws_apigatewayv2_route" "this" {
  for_each = local.create ? local.routes : {}

  api_id               = aws_apigatewayv2_api.this[0].id
  route_key            = each.key
  authorization_type   = "JWT"
  authorizer_id        = aws_apigatewayv2_authorizer.this[0].id
  authorization_scopes = lookup(var.route_authorization_scopes, each.key, null)
  target               = "integrations/${local.route_integration_ids[each.key]}"
}

################################################################################
# Stage: throttling and access logs
################################################################################

resource "aws_cloudwatch_log_group" "access" {
  count = local.create ? 1 : 0

  name              = "/aws/apigateway/${var.name}/access"
  retention_in_days = var.access_log_retention_in_days
  kms_key_id        = var.access_log_kms_key_arn
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  count = local.create ? 1 : 0

  api_id      = aws_apigatewayv2_api.this[0].id
  name        = "$default"
  auto_deploy = true
  tags        = var.tags

  default_route_settings {
    throttling_burst_limit   = var.throttling_burst_limit
    throttling_rate_limit    = var.throttling_rate_limit
    detailed_metrics_enabled = true
  }

  dynamic "route_settings" {
    for_each = var.route_throttling

    content {
      route_key              = route_settings.key
      throttling_burst_limit = route_settings.value.burst_limit
      throttling_rate_limit  = route_settings.value.rate_limit
    }
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access[0].arn
    format = jsonencode({
      requestId          = "$context.requestId"
      ip                 = "$context.identity.sourceIp"
      requestTime        = "$context.requestTime"
      httpMethod         = "$context.httpMethod"
      routeKey           = "$context.routeKey"
      path               = "$context.path"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      integrationLatency = "$context.integrationLatency"
      integrationError   = "$context.integrationErrorMessage"
      authorizerError    = "$context.authorizer.error"
      principal          = "$context.authorizer.claims.sub"
    })
  }

  depends_on = [aws_apigatewayv2_route.this]
}
