# modules/fan-out with the mocked AWS provider: the rendered definition (a Distributed Map per
# delimiter reading the table, batching, the function on each batch, the assembly), the role's
# least-privilege statements and the input validation.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name               = "coherent-test-imputation-fan-out"
  function_arn       = "arn:aws:lambda:eu-west-1:123456789012:function:coherent-test-imputation"
  uploads_bucket_arn = "arn:aws:s3:::coherent-test-uploads"
  results_bucket     = "coherent-test-outputs"
  kms_key_arns       = ["arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666"]
  max_concurrency    = 40
}

run "renders_the_distributed_map" {
  command = plan

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this[0].definition).States.ImputeTabSeparated.ItemReader.ReaderConfig.CSVDelimiter == "TAB" && jsondecode(aws_sfn_state_machine.this[0].definition).States.ImputeCommaSeparated.ItemReader.ReaderConfig.CSVDelimiter == "COMMA"
    error_message = "One ItemReader reads tab-separated uploads, the other comma-separated ones."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this[0].definition).States.ChooseReader.Choices[0].Next == "ImputeCommaSeparated" && jsondecode(aws_sfn_state_machine.this[0].definition).States.ChooseReader.Default == "ImputeTabSeparated"
    error_message = "The execution input's delimiter chooses the reader; tab-separated by default."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this[0].definition).States.ImputeCommaSeparated.MaxConcurrency == 40
    error_message = "MaxConcurrency comes from max_concurrency."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this[0].definition).States.ImputeCommaSeparated.ItemBatcher.MaxInputBytesPerBatch == 196608
    error_message = "Batches stay under the payload limit by default."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this[0].definition).States.ImputeCommaSeparated.ItemProcessor.States.ImputeCommaSeparatedBatch.Parameters.FunctionName == var.function_arn && jsondecode(aws_sfn_state_machine.this[0].definition).States.Assemble.Parameters.FunctionName == var.function_arn
    error_message = "Both the batches and the assembly invoke the imputation function."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this[0].definition).States.ImputeCommaSeparated.ResultWriter.Parameters.Bucket == "coherent-test-outputs"
    error_message = "The ResultWriter writes to the results bucket."
  }

  assert {
    condition     = aws_sfn_state_machine.this[0].logging_configuration[0].include_execution_data == false
    error_message = "Execution data (patient values) never reaches the log."
  }
}

run "grants_only_what_the_map_needs" {
  command = plan

  assert {
    condition     = contains(flatten([for s in data.aws_iam_policy_document.this.statement : s.resources if s.sid == "ReadTheUploads"]), "arn:aws:s3:::coherent-test-uploads/uploads/*")
    error_message = "The state machine reads the uploads under the upload prefix only."
  }

  assert {
    condition     = contains(flatten([for s in data.aws_iam_policy_document.this.statement : s.actions if s.sid == "InvokeTheFunction"]), "lambda:InvokeFunction")
    error_message = "The state machine invokes the function."
  }
}

run "refuses_batches_above_the_payload_limit" {
  command = plan

  variables {
    max_input_bytes_per_batch = 300000
  }

  expect_failures = [var.max_input_bytes_per_batch]
}
