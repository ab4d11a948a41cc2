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
// # Blue/green servers
//
// A server with slots (stackconfig.Slot, "blue" and "green") has one
// instance per slot instead of one instance, each launched on its own
// standalone primary network interface (N-S-eni, deviceIndex 0), with its
// own user data (the slot's versions file and repo) and AMI, and an
// InstanceState (N-S-state: running or stopped). The live slot (live: S)
// holds the server's addresses; the others run on temporary ones: no
// Elastic IP and hence no public IPv4 (an instance launched on an existing
// interface gets no automatic public address; reach it from the VPC, e.g.
// through the vpn server), and, when the server has a fixed IPv6 address, a
// temporary IPv6 address (TempIPv6: the fixed address's /64 with a hash of
// server and slot) for testing from outside.
//
// Why interfaces: an Instance's ipv6Addresses is force-new, so moving the
// fixed address by that field would replace both instances; a standalone
// NetworkInterface's ipv6Addresses is updated in place
// (Unassign/AssignIpv6Addresses). Promotion (live: blue -> green) is three
// steps in one run:
//
//  1. N-blue-eni: [fixed] -> [temporary of blue]   (the loser releases)
//  2. N-green-eni: [temporary of green] -> [fixed] (the winner claims)
//  3. N-eip-assoc replaced create-before-delete: a new association of the
//     allocation with N-green-eni (allowReassociation: one AssociateAddress
//     call moves the address), then the old association is deleted (it
//     ceased to exist with the move; the delete finds nothing).
//
// Ordering: an address has one holder, so step 2 must follow step 1. The
// live slot's interface declares pulumi.DependsOn on every other slot's
// interface; dependencies are per run, so after a promotion the edge points
// the other way, always from the gaining interface to the losing one. The
// association depends on the live interface and the live instance, so the
// Elastic IP moves last, after the new server holds its IPv6 address.
//
// A failure half-way (each step either happens or not; re-running up
// completes the promotion, and rolling back is the opposite edit):
//
//   - at step 1: nothing moved; the old server holds both addresses;
//   - at step 2: the old server holds the Elastic IP, nobody holds the
//     fixed IPv6 address (AAAA dark until the re-run);
//   - at step 3: the new server holds the IPv6 address, the old one the
//     Elastic IP.
//
// The Elastic IP's create-before-delete order is the safe one: until the new
// association exists the old one is untouched, so a failed move leaves the
// old server holding its IPv4 address (delete-before-create would leave it
// unassociated). Stopping a slot (stopped: true) updates its InstanceState
// only; removing a slot deletes its three resources (on a protected stack
// first set the slot's terminationProtection: false and up). The live slot
// cannot be stopped or unprotected (stackconfig rejects it).
//
// A server without slots keeps its single instance and resource names. To
// turn slots on for a running server, one slot is `existing: true`: its
// instance is the server's instance N, declared as before (nothing
// replaced; its force-new ipv6Addresses is ignored from then on), and its
// primary interface, created by AWS with the instance, is adopted
// (pulumi.Import of networkInterfaceId, retained on delete since AWS deletes
// it with the instance) as N-S-eni, so the fixed IPv6 address moves through
// it in place like any slot's. The first up with slots re-states the
// Elastic IP association on that interface (a replacement that re-associates
// the address with the same instance).
//
// # Adoption
//
// A server with adopt settings (stackconfig.Adopt) declares the legacy
// objects as they are where a difference would be force-new (the security
// group's name and description, the root volume's encryption) and ignores
// the boot-time settings, tags and instance profile of the adopted instance;
// package adopt writes the `pulumi import` file (jaiacloud import).
// The legacy instance keeps its live group (<server>-legacy-sg) and the
// scripts' snapshot policy (<server>-legacy-snapshots, stated exactly: it
// targets the Name=<type>.jaia.tech volume tag); the program's own group and
// policy stand beside them for the instances it builds. Both legacy objects
// are protected only while adopt.instanceId is set, so retiring the legacy
// instance is config edits (docs/operations.md): after its termination
// protection is off, remove its slot with adopt.instanceId, then the legacy
// group and policy keys. Hand-made IAM objects with the names iamRole
// declares are imported with adopt.iamRole, which stays set: they keep
// their description and tags and serve the server from then on.
//
// User data is a boot-time recipe: cloud-init runs it once per instance, so
// a template change is ignored on a running instance (ignoreChanges on
// userDataBase64) and reaches production by building a replacement server.
// AMIs looked up at first creation are kept likewise (ignoreChanges on ami)
// unless the stack pins one.
package infra
