import { Injectable, PipeTransform } from '@nestjs/common';
import { ARTIFACT_NAMES, ArtifactName } from '@validahub/job-contracts';
import { ApiException } from './api-exception';

/** An artifact name from the route: one of the fixed set, or 404 before anything else is asked. */
@Injectable()
class ArtifactNamePipe implements PipeTransform<string, ArtifactName> {
  transform(value: string): ArtifactName {
    if ((ARTIFACT_NAMES as readonly string[]).includes(value)) return value as ArtifactName;
    throw new ApiException('ARTIFACT_NOT_FOUND', `No artifact named ${JSON.stringify(value.slice(0, 64))}.`, {
      artifacts: ARTIFACT_NAMES,
    });
  }
}

export const ArtifactNameParam = new ArtifactNamePipe();
