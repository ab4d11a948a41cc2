package awsmodel

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
)

// DefaultAccountID is the simulated AWS account.
const DefaultAccountID = "123456789012"

// DefaultRegion is the region of the seeded inventory (prod lives there).
const DefaultRegion = "us-west-2"

// seed hashes its parts into 32 bytes; every invented value derives from it.
func seed(parts ...string) [32]byte {
	return sha256.Sum256([]byte(strings.Join(parts, "\x00")))
}

func seedHex(parts ...string) string {
	s := seed(parts...)
	return hex.EncodeToString(s[:])
}

func seedUint(parts ...string) uint64 {
	s := seed(parts...)
	return binary.BigEndian.Uint64(s[:8])
}

// HashID returns `<prefix><17 hex digits>` derived from the type, the URN and a generation counter — the shape of
// modern EC2 ids (`i-0abc…`). Generation 0 is the first try; callers bump it when the id is taken.
func HashID(prefix, typ, urn string, gen int) string {
	return prefix + "0" + seedHex("id", typ, urn, fmt.Sprint(gen))[:16]
}

// AutoName returns Pulumi's auto-name for a resource: `<logical name>-<7 hex>`, the suffix derived from the URN
// (Pulumi's own suffix is random; a hash keeps offline plans stable). maxLen caps the result; lower forces lower
// case (S3 bucket names).
func AutoName(logical, urn string, maxLen int, lower bool) string {
	name := logical + "-" + seedHex("autoname", urn)[:7]
	if lower {
		name = strings.ToLower(name)
	}
	if maxLen > 0 && len(name) > maxLen {
		name = name[:maxLen]
	}
	return name
}

// prefixedUniqueID imitates Terraform's PrefixedUniqueId: prefix + 26 digits.
func prefixedUniqueID(prefix, typ, urn string, gen int) string {
	v := seedUint("unique", typ, urn, fmt.Sprint(gen))
	return fmt.Sprintf("%s20250101000000%012d", prefix, v%1_000_000_000_000)
}

// iamUniqueID imitates IAM unique ids (`AROA…`, `AIPA…`): prefix + 17 upper-case base-32 characters.
func iamUniqueID(prefix, typ, urn string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	s := seed("iamid", typ, urn)
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; i < 17; i++ {
		b.WriteByte(alphabet[int(s[i])%len(alphabet)])
	}
	return b.String()
}

// CreateDate is the fixed creation timestamp the model reports (a wall clock would break determinism).
const CreateDate = "2025-01-01T00:00:00Z"

// ARN builds an ARN in the simulated partition.
func ARN(service, region, account, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, account, resource)
}

// ipv6BaseByRegion are the first 32 bits of the Amazon IPv6 pools the model carves VPC /56s from. They follow the
// real per-region pools (2600:1f13::/32 is one of us-west-2's); other regions fall back to 2600:1f00::/24.
var ipv6BaseByRegion = map[string][2]byte{
	"us-west-2":    {0x1f, 0x13},
	"us-east-1":    {0x1f, 0x18},
	"us-east-2":    {0x1f, 0x16},
	"us-west-1":    {0x1f, 0x1c},
	"eu-west-1":    {0x1f, 0x1a},
	"eu-central-1": {0x1f, 0x14},
}

// candidateVpcIPv6 returns the gen-th candidate /56 for a VPC.
func candidateVpcIPv6(region, urn string, gen int) netip.Prefix {
	base, ok := ipv6BaseByRegion[region]
	s := seed("vpc6", region, urn, fmt.Sprint(gen))
	if !ok {
		base = [2]byte{0x1f, s[4]}
	}
	var a [16]byte
	a[0], a[1], a[2], a[3] = 0x26, 0x00, base[0], base[1]
	a[4], a[5], a[6] = s[0], s[1], s[2]
	if a[4] == 0x05 && a[5] == 0x01 { // keep clear of the seeded default VPC's 2600:1f13:501::/48
		a[5] = 0x02
	}
	return netip.PrefixFrom(netip.AddrFrom16(a), 56)
}

// publicIPv4Pool is where invented public IPv4 addresses come from: the benchmarking block 198.18.0.0/15
// (RFC 2544), never routed on the internet, large enough (131 072 addresses) that a plan of hundreds of fleets
// rarely needs a second generation. Host bytes .0 and .255 are skipped. (The seeded inventory uses TEST-NET-3.)
var publicIPv4Pool = netip.MustParsePrefix("198.18.0.0/15")

func candidatePublicIPv4(key string, gen int) netip.Addr {
	v := seedUint("pub4", key, fmt.Sprint(gen))
	idx := uint32(v % (512 * 254)) // 512 /24s of 254 usable hosts
	a := publicIPv4Pool.Addr().As4()
	a[1] += byte(idx / 254 / 256)
	a[2] = byte(idx / 254 % 256)
	a[3] = byte(idx%254 + 1)
	return netip.AddrFrom4(a)
}

// candidateHostIPv4 returns the gen-th candidate host address of an IPv4 subnet, outside AWS's reserved addresses
// (the first four and the last).
func candidateHostIPv4(subnet netip.Prefix, key string, gen int) (netip.Addr, bool) {
	size := uint64(1) << (32 - subnet.Bits())
	if size < 8 {
		return netip.Addr{}, false
	}
	usable := size - 5
	off := 4 + seedUint("host4", key, fmt.Sprint(gen))%usable
	base := subnet.Masked().Addr().As4()
	n := binary.BigEndian.Uint32(base[:]) + uint32(off)
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], n)
	return netip.AddrFrom4(b), true
}

// candidateHostIPv6 returns the gen-th candidate address of an IPv6 /64 (random interface id, like AWS).
func candidateHostIPv6(subnet netip.Prefix, key string, gen int) netip.Addr {
	a := subnet.Masked().Addr().As16()
	s := seed("host6", key, fmt.Sprint(gen))
	copy(a[8:], s[:8])
	return netip.AddrFrom16(a)
}

// ReservedIPv4 reports whether addr is one of the five addresses AWS reserves in subnet.
func ReservedIPv4(subnet netip.Prefix, addr netip.Addr) bool {
	base := subnet.Masked().Addr().As4()
	first := binary.BigEndian.Uint32(base[:])
	a4 := addr.As4()
	n := binary.BigEndian.Uint32(a4[:])
	last := first + uint32(uint64(1)<<(32-subnet.Bits())) - 1
	return n < first+4 || n == last
}

// dnsName returns the EC2 DNS name for an address: `ip-10-0-1-5.us-west-2.compute.internal` (private) or
// `ec2-203-0-113-5.us-west-2.compute.amazonaws.com` (public); us-east-1 uses the legacy domains.
func dnsName(addr, region string, public bool) string {
	if addr == "" {
		return ""
	}
	dashed := strings.ReplaceAll(addr, ".", "-")
	if public {
		if region == "us-east-1" {
			return "ec2-" + dashed + ".compute-1.amazonaws.com"
		}
		return "ec2-" + dashed + "." + region + ".compute.amazonaws.com"
	}
	if region == "us-east-1" {
		return "ip-" + dashed + ".ec2.internal"
	}
	return "ip-" + dashed + "." + region + ".compute.internal"
}

// macAddress invents a MAC address like AWS's (locally administered, 02:…).
func macAddress(key string) string {
	s := seed("mac", key)
	return fmt.Sprintf("02:%02x:%02x:%02x:%02x:%02x", s[0], s[1], s[2], s[3], s[4])
}

// AMIFor returns the deterministic AMI id the model reports for a lookup key (an SSM parameter path, or the tag
// values of an AMI query) in a region.
func AMIFor(region, key string) string {
	return "ami-0" + seedHex("ami", region, key)[:16]
}

// ValidRegion reports whether r looks like an AWS region name (`us-west-2`).
func ValidRegion(r string) bool {
	parts := strings.Split(r, "-")
	if len(parts) < 3 {
		return false
	}
	last := parts[len(parts)-1]
	return len(last) == 1 && last[0] >= '1' && last[0] <= '9'
}

// AvailabilityZones returns the AZ names the model offers in a region (a–d).
func AvailabilityZones(region string) []string {
	return []string{region + "a", region + "b", region + "c", region + "d"}
}

// azID maps `us-west-2a` to an AZ id like `usw2-az1`.
func azID(az string) string {
	if len(az) < 2 {
		return ""
	}
	region, letter := az[:len(az)-1], az[len(az)-1]
	parts := strings.Split(region, "-")
	short := ""
	for i, p := range parts {
		if i == len(parts)-1 {
			short += p
		} else if len(p) > 0 {
			short += p[:1]
		}
	}
	if len(parts) > 0 && len(parts[0]) == 2 {
		short = parts[0] + short[1:]
	}
	return fmt.Sprintf("%s-az%d", short, int(letter-'a')+1)
}
