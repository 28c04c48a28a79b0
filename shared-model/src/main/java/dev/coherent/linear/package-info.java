/**
 * Linear-Gaussian imputation: ridge regression from the condition modalities to the target, its
 * penalty chosen by cross-validation, with a shrunk residual covariance for the draws. The floor
 * every diffusion model of a set is measured against, and a method of its own where data are few;
 * and evaluate's least-squares baseline ({@link dev.coherent.linear.LinearBaseline}).
 */
package dev.coherent.linear;
