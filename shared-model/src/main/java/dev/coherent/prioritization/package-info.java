/** Which patients should get a costly modality measured first: counterfactual scores, budgets, and the paper's evaluation protocol. */
package dev.coherent.prioritization;
