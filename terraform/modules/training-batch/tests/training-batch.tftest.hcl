# modules/training-batch with the mocked AWS provider: off by default; when on, a GPU compute
# environment and queue, the shard (array) and assemble job definitions, and the state machine that
# runs assemble only after every shard.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name                 = "coherent-test-training"
  vpc_id               = "vpc-0123456789abcdef0"
  private_subnet_ids   = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  image                = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/coherent-test-training:0123abc-gpu"
  shards               = 4
  cohort_uri           = "s3://coherent-test-uploads/cohorts/pancancer"
  staging_uri          = "s3://coherent-test-models/staging"
  models_uri           = "s3://coherent-test-models/models/production"
  train_arguments      = ["--config", "paper", "--seed", "7"]
  s3_read_object_arns  = ["arn:aws:s3:::coherent-test-uploads/cohorts/pancancer/*", "arn:aws:s3:::coherent-test-models/staging/*"]
  s3_write_object_arns = ["arn:aws:s3:::coherent-test-models/staging/*", "arn:aws:s3:::coherent-test-models/models/production/*"]
  s3_list_bucket_arns  = ["arn:aws:s3:::coherent-test-models", "arn:aws:s3:::coherent-test-uploads"]
  kms_key_arns         = ["arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666"]
}

run "creates_nothing_by_default" {
  command = plan

  assert {
    condition     = length(aws_batch_compute_environment.this) == 0 && length(aws_batch_job_queue.this) == 0 && length(aws_batch_job_definition.this) == 0 && length(aws_sfn_state_machine.this) == 0
    error_message = "GPU instances cost money: nothing is created unless create = true."
  }

  assert {
    condition     = output.job_queue_arn == "" && output.state_machine_arn == "" && output.job_definition_arns == {}
    error_message = "The outputs are empty when nothing is created."
  }
}

run "plans_a_gpu_compute_environment" {
  command = plan

  variables {
    create = true
  }

  assert {
    condition     = aws_batch_compute_environment.this[0].type == "MANAGED" && aws_batch_compute_environment.this[0].compute_resources[0].min_vcpus == 0 && aws_batch_compute_environment.this[0].compute_resources[0].instance_type == toset(["g5.xlarge"]) && aws_batch_compute_environment.this[0].compute_resources[0].ec2_configuration[0].image_type == "ECS_AL2_NVIDIA"
    error_message = "A managed compute environment of GPU instances (NVIDIA AMI) that scales to nothing."
  }

}

run "plans_the_jobs_environment" {
  command = plan

  variables {
    create = true
  }

  assert {
    condition     = output.environment["COHERENT_AUDIT_REFERENCE_URI"] == "s3://coherent-test-models/models/production-audit-reference" && output.environment["COHERENT_TRAIN_ARGS"] == "--config paper --seed 7"
    error_message = "The audit reference defaults to the set's sibling; every shard gets the same training arguments."
  }
}

run "applies_shards_then_assemble" {
  command = apply

  variables {
    create = true
  }

  assert {
    condition     = jsondecode(aws_batch_job_definition.this["train"].container_properties).resourceRequirements == [{ type = "VCPU", value = "4" }, { type = "MEMORY", value = "14336" }, { type = "GPU", value = "1" }]
    error_message = "Each shard reserves a GPU."
  }

  assert {
    condition     = strcontains(jsondecode(aws_batch_job_definition.this["train"].container_properties).command[2], "coherent train --cohort /tmp/cohort --shard \"$(($AWS_BATCH_JOB_ARRAY_INDEX + 1))/$COHERENT_SHARDS\" --staging \"$COHERENT_STAGING_URI\" $COHERENT_TRAIN_ARGS")
    error_message = "The I-th child of the array job (0-based index) trains shard I+1 of N into the staging."
  }

  assert {
    condition     = strcontains(jsondecode(aws_batch_job_definition.this["assemble"].container_properties).command[2], "coherent assemble --staging \"$COHERENT_STAGING_URI\" --cohort /tmp/cohort --out \"$COHERENT_MODELS_URI\"")
    error_message = "The assemble job publishes the model set from the staging."
  }

  assert {
    condition     = contains(jsondecode(aws_batch_job_definition.this["train"].container_properties).environment, { name = "COHERENT_SHARDS", value = "4" }) && contains(jsondecode(aws_batch_job_definition.this["train"].container_properties).environment, { name = "COHERENT_TRAIN_ARGS", value = "--config paper --seed 7" })
    error_message = "Every shard gets the number of shards and the same training arguments."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this[0].definition).States.Shards.Parameters.ArrayProperties.Size == 4 && jsondecode(aws_sfn_state_machine.this[0].definition).States.Shards.Next == "Assemble" && jsondecode(aws_sfn_state_machine.this[0].definition).States.Assemble.End
    error_message = "The state machine runs the shards as one array job, then assemble."
  }

  assert {
    condition     = endswith(jsondecode(aws_sfn_state_machine.this[0].definition).States.Shards.Resource, ":states:::batch:submitJob.sync") && jsondecode(aws_sfn_state_machine.this[0].definition).States.Shards.Parameters.ContainerOverrides.Environment == jsondecode(aws_sfn_state_machine.this[0].definition).States.Assemble.Parameters.ContainerOverrides.Environment
    error_message = "Assemble waits for the whole array job and reads the staging prefix of its own execution."
  }
}

run "applies_with_least_privilege" {
  command = apply

  variables {
    create = true
  }

  assert {
    condition     = one(aws_batch_job_queue.this[0].compute_environment_order).compute_environment == aws_batch_compute_environment.this[0].arn
    error_message = "The queue feeds the GPU compute environment."
  }

  assert {
    condition     = aws_batch_compute_environment.this[0].compute_resources[0].instance_role == aws_iam_instance_profile.this[0].arn && aws_batch_compute_environment.this[0].compute_resources[0].security_group_ids == toset([aws_security_group.instances[0].id])
    error_message = "The instances join with the instance profile and a security group without ingress."
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.job[0].statement : s.sid] == ["ReadObjects", "WriteObjects", "ListBuckets", "UseDataKeys"] && data.aws_iam_policy_document.job[0].statement[1].actions == toset(["s3:PutObject"])
    error_message = "The jobs read the cohort and staging, write the staging and the model set, and delete nothing."
  }

  assert {
    condition     = jsondecode(aws_batch_job_definition.this["train"].container_properties).jobRoleArn == aws_iam_role.job[0].arn && aws_batch_job_definition.this["train"].timeout[0].attempt_duration_seconds == 14400
    error_message = "The shards run with the job role and a timeout."
  }

  assert {
    condition     = output.state_machine_arn == aws_sfn_state_machine.this[0].arn && keys(output.job_definition_arns) == ["assemble", "train"]
    error_message = "The outputs carry the state machine and both job definitions."
  }
}

run "refuses_a_single_shard" {
  command = plan

  variables {
    shards = 1
  }

  expect_failures = [var.shards]
}

run "refuses_train_arguments_the_jobs_set" {
  command = plan

  variables {
    train_arguments = ["--config", "small", "--out", "s3://elsewhere/models"]
  }

  expect_failures = [var.train_arguments]
}
