package servers

import (
	"bytes"
	"maps"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jaiarobotics/jaia-cloud/userdata"
	"github.com/jaiarobotics/jaia-cloud/versions"
)

// Keys used only by the tests; they are not real keys.
const (
	testOperatorKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJaiaCloudTestKeyNotARealKeyNotARealKey00 operator@test"
	testDputKey     = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJaiaCloudTestKeyNotARealKeyDputOnly0000 ci-dput@test"
)

// versionsForTest parses the shipped versions file.
func versionsForTest(t testing.TB) map[string]string {
	t.Helper()
	v, err := userdata.ParseVersions(versions.FileName, bytes.NewReader(versions.Default))
	require.NoError(t, err)
	return v
}

// specialtyVars is what the infrastructure code would supply to a
// specialty server, plus the versions file.
func specialtyVars(t testing.TB, name, host, dns string) map[string]string {
	v := map[string]string{
		"SERVER_NAME":              name,
		"SERVER_TYPE":              name,
		"HOSTNAME":                 host,
		"DNS_NAME":                 dns,
		"REGION":                   "us-west-2",
		"ARCH":                     "arm64",
		"REPO":                     "release",
		"SSH_AUTHORIZED_KEYS_JSON": `["` + testOperatorKey + `"]`,
		"FLEET_IDS":                "1 2",
		"PRIOR_SERVER_HOST":        dns,
	}
	maps.Copy(v, versionsForTest(t))
	return v
}

func with(base map[string]string, extra map[string]string) map[string]string {
	maps.Copy(base, extra)
	return base
}

// testVars returns a representative, fixed variable set for each type.
func testVars(t testing.TB, serverType string) map[string]string {
	t.Helper()
	switch serverType {
	case "docs":
		return with(specialtyVars(t, "docs", "jaia-docs", "docs.jaia.tech"), map[string]string{
			"DOCS_ALIAS":  "whatsupdoc.jaia.tech",
			"ADMIN_EMAIL": "info@jaia.tech",
		})
	case "iridium":
		return specialtyVars(t, "iridium", "jaia-iridium", "iridium.jaia.tech")
	case "packages":
		return with(specialtyVars(t, "packages", "jaia-packages", "packages.jaia.tech"), map[string]string{
			"DPUT_AUTHORIZED_KEYS_JSON": `["` + testDputKey + `"]`,
			"JAIABOT_SCRIPTS_REF":       "0f7c65507837a46c7e986b86281dd7698052c278",
			"PACKAGES_RELEASE_BRANCHES": "1.y 2.y 3.y",
		})
	case "vpn":
		return specialtyVars(t, "vpn", "jaia-vpn", "vpn.jaia.tech")
	case "cloud":
		routes, err := CaddyFleetRoutes("cloud.jaia.tech", []FleetRoute{
			{ID: 2, Upstream: netip.MustParseAddr("fd0f:77ac:4fdf:2::1e")},
			{ID: 1, Upstream: netip.MustParseAddr("fd0f:77ac:4fdf:1::1e")},
		})
		require.NoError(t, err)
		return with(specialtyVars(t, "cloud", "jaia-cloud", "cloud.jaia.tech"), map[string]string{
			"CADDY_FLEET_ROUTES":           routes,
			"AUTHELIA_VERSION":             "4.39.15",
			"AUTHELIA_APT_KEY_FINGERPRINT": "0123456789ABCDEF0123456789ABCDEF01234567",
			"LLDAP_IMAGE":                  "lldap/lldap:v0.6.1",
			"LDAP_BASE_DN":                 "dc=jaia,dc=tech",
			"AUTH_SMTP_ADDRESS":            "smtp://smtp-relay.gmail.com:587",
			"AUTH_SMTP_SENDER":             "Jaia <noreply@jaia.tech>",
			"AUTH_SMTP_IDENTIFIER":         "gobysoft.org",
		})
	case "data":
		return with(specialtyVars(t, "data", "jaia-data", "data.cloud.jaia.tech"), map[string]string{
			"DATA_BUCKET":        "jaia--fleet-data",
			"DATA_BUCKET_REGION": "us-west-2",
		})
	case "cc_db":
		return with(specialtyVars(t, "cc_db", "jaia-cc-db", "cc-db.jaia.tech"), map[string]string{
			"JAIA_DATABASE_REF": "0123456789abcdef0123456789abcdef01234567",
		})
	case "cloudhub":
		return map[string]string{
			"FLEET_ID":                   "1",
			"CUSTOMER":                   "jaia",
			"REGION":                     "us-east-1",
			"REPO":                       "release",
			"REPO_VERSION":               "2.y",
			"CLOUDHUB_DATA_BUCKET":       "jaia--cloudhub-data--fleet1",
			"VFLEET_VPN_SERVER_IPV6":     "fd6e:cf0d:aefa:1::1e",
			"VFLEET_VPN_NET":             "fd6e:cf0d:aefa:1::/64",
			"CLOUDHUB_VPN_SERVER_IPV6":   "fd0f:77ac:4fdf:1::1e",
			"CLOUDHUB_VPN_NET":           "fd0f:77ac:4fdf:1::/64",
			"AUTH_BASE_URI":              "f1.cloud.jaia.tech",
			"AUTH_ADMIN_EMAIL":           "admin@jaia.tech",
			"AUTH_SMTP_ADDRESS":          "smtp://smtp-relay.gmail.com:587",
			"SMTP_CREDENTIALS_PARAMETER": "/jaia/cloudhub/smtp_credentials",
			"SSH_AUTHORIZED_KEYS_JSON":   `["` + testOperatorKey + `"]`,
		}
	case "virtualfleet":
		return map[string]string{
			"FLEET_ID":                 "1",
			"CUSTOMER":                 "jaia",
			"NODE_TYPE":                "bot",
			"NODE_ID":                  "3",
			"CLOUDHUB_ENDPOINT":        "10.23.255.40:51820",
			"VFLEET_VPN_NET":           "fd6e:cf0d:aefa:1::/64",
			"NODE_VFLEET_VPN_IPV6":     "fd6e:cf0d:aefa:1::1:3",
			"SSH_AUTHORIZED_KEYS_JSON": `["` + testOperatorKey + `"]`,
			"CLOUDHUB_WG_PUBLIC_KEY":   "VGVzdEtleU5vdEFSZWFsV2lyZUd1YXJkS2V5MDAwMDA=",
		}
	}
	t.Fatalf("no test variables for %q", serverType)
	return nil
}
