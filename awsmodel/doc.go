// Package awsmodel is the single model of AWS that the Jaia Cloud tooling tests against: which inputs of each
// resource type force a replacement, which inputs are required, which values AWS computes, and which rules an
// account enforces (addresses in use, termination protection, dependency violations, quotas).
//
// Two consumers share it so that there is one model of AWS, not two: the simulated `pulumi-resource-aws` plugin in
// the e2e module (real Pulumi engine, simulated cloud) and the offline plan tool's Pulumi mocks. The package uses
// only the standard library and works on plain JSON-like Go values (string, float64, bool, []any,
// map[string]any, nil); resource types and properties use Pulumi's type tokens and camelCase property names
// (`aws:ec2/instance:Instance`, `rootBlockDevice.encrypted`).
//
// The model follows pulumi-aws v6.83.4, which bridges the Terraform AWS provider v5 (a ForceNew attribute there is a
// replacement here). Where the model knowingly simplifies AWS, the comment at the definition says so.
//
// Determinism: every identifier and address the model invents is derived from a SHA-256 hash of the resource type,
// its URN and a generation counter (bumped only when the derived value is already taken in the account), so a fresh
// account replaying the same program yields the same ids, addresses and auto-names on every run.
package awsmodel
