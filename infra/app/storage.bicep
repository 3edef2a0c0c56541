metadata description = 'The storage account of the pipeline (journey table, snapshot and dead-letter containers) and of the Functions host (deployment package, locks, checkpoints). Entra ID only: shared keys are off.'

@description('Required. Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region of the storage account.')
param location string

@description('Optional. Tags of the resource.')
param tags object = {}

@description('Optional. Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Required. The blob container the Flex Consumption plan deploys the app package from.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string

@description('Optional. The blob container the daily funnel snapshots are written to.')
param snapshotsContainerName string = 'snapshots'

@description('Optional. The blob container rejected and failed touchpoints are dead-lettered to.')
param deadLetterContainerName string = 'deadletter'

@description('Optional. The table that holds a journey record and the timeline of every customer.')
param journeysTableName string = 'journeys'

@description('Optional. Days a dead-lettered blob is kept before the lifecycle policy deletes it. Dead letters hold personal data, so they are kept only as long as they may be re-sent.')
@minValue(1)
@maxValue(3650)
param deadLetterRetentionDays int = 30

@description('Optional. Days after which snapshot blobs move to the cool tier.')
@minValue(1)
@maxValue(3650)
param snapshotCoolAfterDays int = 30

@description('Optional. Whether the account accepts traffic from public networks. Off in private network mode, where the app reaches it through private endpoints.')
param publicNetworkAccess bool = true

@description('Optional. Resource ID of the Log Analytics workspace that receives the blob, queue and table logs. Empty: no diagnostic settings.')
param logAnalyticsWorkspaceId string = ''

@description('Optional. Days a deleted blob or container can still be restored.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int = 7

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    // Erasure finds a customer's dead letters through blob index tags, which accounts with a hierarchical namespace do not support.
    isHnsEnabled: false
    // Keys and SAS tokens signed with them bypass RBAC and cannot be scoped or audited per caller.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // A Flex Consumption app without VNet integration reaches storage over the public endpoint; in private network mode only private endpoints reach it.
    publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess ? 'Allow' : 'Deny'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource snapshotsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: snapshotsContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deadLetterContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

// Declared so its logs can be collected: the account's queue service exists whether or not the app uses it.
resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

// Dead letters hold personal data and are kept only to be re-sent: deleted after a configurable time. They stay hot: a blob
// moved to cool is billed for 30 days there, more than a dead letter usually lives. Snapshots past their late-data window are read rarely (dashboards read latest.json), so they cool too.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'deadletter-delete'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${deadLetterContainer.name}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: deadLetterRetentionDays
                }
              }
            }
          }
        }
        {
          name: 'snapshots-cool'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${snapshotsContainer.name}/'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterModificationGreaterThan: snapshotCoolAfterDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

// Reads, writes and deletes of each service, for auditing who touched journeys, snapshots and dead letters.
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(logAnalyticsWorkspaceId)) {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(logAnalyticsWorkspaceId)) {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(logAnalyticsWorkspaceId)) {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

resource journeysTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = {
  parent: tableService
  name: journeysTableName
}

@description('The name of the storage account.')
output name string = storage.name

@description('The resource ID of the storage account.')
output resourceId string = storage.id

@description('The blob endpoint of the storage account.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('The table endpoint of the storage account.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('The name of the journey table.')
output journeysTableName string = journeysTable.name

@description('The name of the deployment package container.')
output deploymentContainerName string = deploymentContainer.name

@description('The name of the snapshots container.')
output snapshotsContainerName string = snapshotsContainer.name

@description('The name of the dead-letter container.')
output deadLetterContainerName string = deadLetterContainer.name
