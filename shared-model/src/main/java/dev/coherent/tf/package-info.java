/** TensorFlow plumbing shared by every network: tensor copies, weight variables, SavedModel files. */
package dev.coherent.tf;
