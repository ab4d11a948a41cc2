// Package plan is the offline plan of the Jaia Cloud: it runs the real
// Pulumi program (infra.Program, the function main.go runs) in-process under
// Pulumi mocks, against a deterministic simulated AWS account (package
// awsmodel), and records every resource registration — URN, type, parent,
// provider, inputs as the provider receives them, resource options — and the
// resolved stack exports as a [Plan].
//
// A Plan serialises to byte-deterministic JSON (sorted resources and keys,
// two-space indent, trailing newline), which is what the golden plans under
// plans/ are. [Compare] turns two plans into a reviewable [Diff] (the offline
// twin of `pulumi preview --diff`, replacements judged by awsmodel's
// force-new table), and [Check] runs the project's policy checks over a
// plan.
//
// Values AWS computes — ids, ARNs, a VPC's Amazon /56, public IPv4
// addresses, auto-names, AMI lookups — come from the simulated account and
// are marked as such in every plan ([SimulatedNote]). Each resource is
// simulated in a private account holding the seeded production inventory it
// refers to and the objects of the resources it depends on, so a value never
// depends on the order in which the SDK's goroutines register resources.
package plan
