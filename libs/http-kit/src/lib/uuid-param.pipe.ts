import { ArgumentMetadata, Injectable, ParseUUIDPipe, PipeTransform } from '@nestjs/common';

/**
 * An id from the route. A malformed one names nothing: `notFound` (a 404 like any other unknown id), not a
 * validation error. A well-formed one is handed to `onParsed` (to name it in the log context, say).
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, Promise<string>> {
  private readonly uuid: ParseUUIDPipe;

  constructor(
    notFound: () => Error,
    private readonly onParsed: (id: string) => void = () => undefined,
  ) {
    this.uuid = new ParseUUIDPipe({ exceptionFactory: notFound });
  }

  async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    const id: string = await this.uuid.transform(value, metadata);
    this.onParsed(id);
    return id;
  }
}
