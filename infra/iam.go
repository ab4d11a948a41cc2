package infra

import (
	"encoding/json"
	"fmt"
	"strings"
)

// CloudHubPolicyInput are the ARNs and names the CloudHub policy scopes to.
type CloudHubPolicyInput struct {
	VpcArn            string // arn:<partition>:ec2:<region>:<account>:vpc/vpc-…
	CloudHubSGArn     string
	VirtualFleetSGArn string
	BucketArn         string
	Region            string
	SMTPParameter     string // SSM parameter name, /jaia/cloudhub/smtp_credentials
}

type policyDoc struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Action    []string                     `json:"Action"`
	Resource  []string                     `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// CloudHubPolicy renders the CloudHub's inline policy (reference §3.4),
// narrowed: instances launch only into the fleet's VPC and its VirtualFleet
// security group; start/stop/reboot/terminate only instances tagged
// jaia_instance_type=virtualfleet; security-group edits only on the
// CloudHub's own group; objects only in the fleet's bucket; the SMTP
// credential parameter only.
func CloudHubPolicy(in CloudHubPolicyInput) (string, error) {
	// arn:partition:ec2:region:account:vpc/id
	parts := strings.SplitN(in.VpcArn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "ec2" {
		return "", fmt.Errorf("cloudhub policy: %q is not a VPC ARN", in.VpcArn)
	}
	partition, account := parts[1], parts[4]
	ec2Arn := func(res string) string {
		return fmt.Sprintf("arn:%s:ec2:%s:%s:%s", partition, in.Region, account, res)
	}
	doc := policyDoc{Version: "2012-10-17", Statement: []policyStatement{
		{
			Sid: "RunInstancesSpecificVPC", Effect: "Allow", Action: []string{"ec2:RunInstances"},
			Resource:  []string{ec2Arn("subnet/*")},
			Condition: map[string]map[string]string{"StringEquals": {"ec2:Vpc": in.VpcArn}},
		},
		{
			Sid: "RunInstancesRequiredExtraPermissions", Effect: "Allow", Action: []string{"ec2:RunInstances"},
			Resource: []string{
				ec2Arn("network-interface/*"), in.VirtualFleetSGArn,
				fmt.Sprintf("arn:%s:ec2:%s::image/ami-*", partition, in.Region),
				ec2Arn("instance/*"), ec2Arn("volume/*"), ec2Arn("key-pair/*"),
			},
		},
		{Sid: "DescribeThings", Effect: "Allow", Action: []string{"ec2:Describe*"}, Resource: []string{"*"}},
		{
			Sid: "InstanceStateForVirtualFleetImages", Effect: "Allow",
			Action:    []string{"ec2:RebootInstances", "ec2:StartInstances", "ec2:StopInstances", "ec2:TerminateInstances"},
			Resource:  []string{ec2Arn("instance/*"), ec2Arn("volume/*")},
			Condition: map[string]map[string]string{"StringEquals": {"ec2:ResourceTag/" + TagInstanceType: "virtualfleet"}},
		},
		{
			Sid: "CreateTagsOnLaunch", Effect: "Allow", Action: []string{"ec2:CreateTags"},
			Resource:  []string{ec2Arn("instance/*"), ec2Arn("volume/*")},
			Condition: map[string]map[string]string{"StringEquals": {"ec2:CreateAction": "RunInstances"}},
		},
		{
			Sid: "SupportAccessOpensItsOwnDoor", Effect: "Allow",
			Action:   []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"},
			Resource: []string{in.CloudHubSGArn},
		},
		{
			Sid: "CloudHubData", Effect: "Allow",
			Action:   []string{"s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:PutObject"},
			Resource: []string{in.BucketArn, in.BucketArn + "/*"},
		},
		{
			Sid: "SMTPCredentials", Effect: "Allow", Action: []string{"ssm:GetParameter"},
			Resource: []string{fmt.Sprintf("arn:%s:ssm:%s:%s:parameter%s", partition, in.Region, account, in.SMTPParameter)},
		},
		{
			Sid: "SMTPCredentialsDecrypt", Effect: "Allow", Action: []string{"kms:Decrypt"}, Resource: []string{"*"},
			Condition: map[string]map[string]string{"StringLike": {"kms:ViaService": "ssm.*.amazonaws.com"}},
		},
	}}
	b, err := json.Marshal(doc)
	return string(b), err
}
