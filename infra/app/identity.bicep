metadata description = 'The user-assigned managed identity the Function App runs as; every data-plane connection authenticates with it.'

@description('Required. Name of the user-assigned managed identity.')
@minLength(3)
@maxLength(128)
param name string

@description('Required. Azure region of the identity.')
param location string

@description('Optional. Tags of the resource.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('The name of the identity.')
output name string = identity.name

@description('The resource ID of the identity.')
output resourceId string = identity.id

@description('The principal (object) ID of the identity, for role assignments.')
output principalId string = identity.properties.principalId

@description('The client (application) ID of the identity, for the app\'s connection settings.')
output clientId string = identity.properties.clientId
