metadata description = 'The Key Vault that holds the write keys of the HTTP sources. Authorization is Azure RBAC only; the app reads secrets through Key Vault references.'

@description('Required. Name of the Key Vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region of the vault.')
param location string

@description('Optional. Tags of the resource.')
param tags object = {}

@description('Optional. Whether a deleted vault is kept unpurgeable for the retention period. It cannot be turned off again, and it stops `azd down --purge` from reusing the name, so it is off for development environments.')
param enablePurgeProtection bool = false

@description('Optional. Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 7

@description('Optional. Whether the vault accepts traffic from public networks. Off in private network mode, where the platform resolves the app\'s references through a private endpoint.')
param publicNetworkAccess bool = true

@description('Optional. Resource ID of the Log Analytics workspace that receives the vault\'s audit events. Empty: no diagnostic settings.')
param logAnalyticsWorkspaceId string = ''

@description('Optional. The secrets to store: an object whose property names are secret names (letters, digits, hyphens) and whose values are the secret values.')
@secure()
param secrets object = {}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access policies would grant rights outside RBAC and outside the role assignments the tests check.
    enableRbacAuthorization: true
    accessPolicies: []
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess ? 'Allow' : 'Deny'
    }
  }
}

// Every read of a write key (each reference resolution) and every change to the vault, for auditing.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(logAnalyticsWorkspaceId)) {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for secret in items(secrets): {
    parent: vault
    name: secret.key
    properties: {
      value: secret.value
      contentType: 'text/plain'
    }
  }
]

@description('The name of the vault.')
output name string = vault.name

@description('The resource ID of the vault.')
output resourceId string = vault.id

@description('The URI of the vault.')
output vaultUri string = vault.properties.vaultUri
