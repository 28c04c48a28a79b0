/**
 * What every Coherent Quarkus function shares, one subpackage per concept: {@code modelset} (the
 * served sets' lifecycle), {@code health}, {@code problem} (problem+json errors), {@code request}
 * (body limits, strict JSON, sampler settings), {@code batching}, {@code upload} (S3 uploads),
 * {@code protocol} (Open Inference Protocol), {@code metrics}, {@code config} and {@code launch}
 * (a plain {@code java -jar} started as the images start it).
 */
package dev.coherent.functions.common;
