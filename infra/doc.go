// Package infra declares the Jaia Cloud on AWS as Pulumi component resources.
//
// Program is what main.go runs: it reads the stack configuration
// (package stackconfig), validates all of it and renders every machine's
// user data (packages userdata and servers) and address (package addressing)
// before it registers a single resource, then declares:
//
//   - one SpecialtyServer (type jaia:infra:SpecialtyServer) per entry of the
//     servers map: a security group with one rule resource per source and
//     explicit egress, the EC2 instance (IMDSv2, encrypted gp3 root, user data
//     as base64, termination protection with Pulumi protect), the existing
//     Elastic IP adopted with retainOnDelete and re-associated, the fixed IPv6
//     address, an optional IAM role and profile, and a DLM daily-snapshot
//     policy with its own execution role;
//   - one Fleet (type jaia:infra:Fleet) per fleet: a dual-stack VPC whose
//     subnets and addresses come from the Jaia address plan, its CloudHub at
//     10.23.255.40 with an Elastic IP, a least-privilege IAM role, the fleet's
//     data bucket and, optionally, a VirtualFleet (hub 1 and bots 1..N);
//   - the stack exports documented in README.md (servers, fleets, hosts,
//     dnsRecords, inventory).
//
// Every resource gets an explicit AWS provider for its region, carrying the
// project's default tags, so fleets may live in several regions.
//
// User data is a boot-time recipe: cloud-init runs it once per instance, so
// a template change is ignored on a running instance (ignoreChanges on
// userDataBase64) and reaches production by building a replacement server.
// AMIs looked up at first creation are kept likewise (ignoreChanges on ami)
// unless the stack pins one.
package infra
