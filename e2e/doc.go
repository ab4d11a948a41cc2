// Package e2e holds the end-to-end tests of the Jaia Cloud Pulumi program: the real Pulumi CLI and engine
// (v3.276.0, built by scripts/e2e-tools.sh into .tools/) driving the simulated AWS provider plugin
// (cmd/pulumi-resource-aws, backed by the shared model in awsmodel) through the harness package.
//
// This is a separate Go module so that the heavy pulumi/pkg/v3 dependency stays out of the main module. Tests skip
// when the tools are missing, unless JAIA_E2E=1.
package e2e
