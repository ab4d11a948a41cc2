package versions

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jaiarobotics/jaia-cloud/userdata"
)

func TestDefaultParses(t *testing.T) {
	v, err := userdata.ParseVersions(FileName, bytes.NewReader(Default))
	require.NoError(t, err)
	assert.Equal(t, "2.y", v["jaia_version_release_branch"])
	assert.Equal(t, "noble", v["jaia_version_ubuntu_codename"])
	assert.Len(t, v, 9)
}
